"""One model identity across sources: name rules (names, name_tables, dates), the reviewed reference
tables (reference), openness with explicit precedence (openness), fuzzy proposals for the unmatched
queue (fuzzy), the catalog itself (build) and the text the command line prints (report)."""
