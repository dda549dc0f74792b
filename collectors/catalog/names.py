"""Model names -> one canonical model_id plus the variant the source is more specific about.

`resolve(name, source)` answers with a Resolution: model_id (lower-case, hyphen-separated,
family first: "gpt-4o", "llama-3.1-70b", "claude-3.5-sonnet"), variant (date stamp, base/instruct/
chat, thinking or effort level, serving precision, provider tier, host...; "" when none), how it
was decided (rule | alias | unmatched) and why.

Rules first, then the reviewed alias file (data/reference/model_aliases.csv); an alias wins when
present. What stays in the identity: parameter counts (8b, 8x7b, a22b), version numbers and sibling
names (mini, nano, flash, pro, lite, turbo, max, plus...). A `-latest` alias resolves to the
undated model with variant "latest", never to a dated snapshot. A name that would need a guess
(a bare family name, two models at once, a router, markup) is unmatched, with the reason.

The word tables the rules read are in name_tables.py, date stamps in dates.py.
"""
from __future__ import annotations

import functools
import re
import unicodedata
from dataclasses import dataclass, field

from .dates import date_at, dates_in_words
from .name_tables import (
    AMBIGUOUS_FAMILIES,
    BRAND_PREFIX,
    COLON_TIERS,
    DATES_NAME_VERSIONS,
    DERIVED_FAMILIES,
    DOT_VENDOR,
    EDIT_FORMATS,
    EFFORT_ANY,
    EFFORT_TRAILING,
    HOSTS,
    HUB_SOURCES,
    IMPLIED_TOKENS,
    PRECISION,
    PROTECTED_COMPOUNDS,
    PROVIDER_WORDS,
    RELEASE,
    SIBLINGS,
    THINKING,
    TIERS,
    TUNING,
    VARIANT_WORDS,
    VENDOR_NAMESPACES,
)
from .reference import Alias, load_aliases

RULE, ALIAS, UNMATCHED = "rule", "alias", "unmatched"
MAX_NAME_LENGTH = 200


@dataclass(frozen=True)
class Resolution:
    name: str
    model_id: str | None
    variant: str
    method: str  # rule | alias | unmatched
    reason: str


_MARKUP = re.compile(r"<\s*/?\s*[a-z!][^>]*>|&(?:lt|gt|#\d+);|javascript:|[\x00-\x08\x0b-\x1f\x7f]", re.I)
_QUANT = re.compile(r"(?<![a-z0-9])(i?q\d(?:_k)?(?:_[a-z0-9]{1,2})?)(?![a-z0-9])")
_EPOCH_SETTING = re.compile(r"_(\d+k|high|low|medium|minimal|xhigh|none|max|unknown|thinking|default)$")
_BEDROCK_REVISION = re.compile(r"-(v?\d+:\d+)$")
_PARAMS = re.compile(r"^(?:\d+(?:\.\d+)?x)?\d+(?:\.\d+)?[bmt]$|^[ae]\d+(?:\.\d+)?b$|^\d+e$")
_CONTEXT = re.compile(r"^\d+k$")
_VERSION = re.compile(r"^\d+(?:\.\d+)*[a-z]?$")
_GLUED = re.compile(r"^([a-z]{3,})(\d+(?:\.\d+)*[a-z]?)$")
_V_VERSION = re.compile(r"^v\d+(?:\.\d+)*$")
# Families whose "-001", "-002" suffixes are revisions (text-davinci-003 is a model of its own).
_REVISION_001 = re.compile(r"gemini|(?:chat|text|code|codechat)-?bison|code-gecko|text-unicorn|jamba|"
                           r"textembedding")


# ---- the rules -------------------------------------------------------------------------------------

@dataclass
class _Parsed:
    identity: list[str]
    date: str = ""        # canonical, e.g. 2024-06-20, 2024-08, 0613
    date_key: str = ""    # digits as written, for alias keys: 20240620, 0613, 2407
    variants: list[str] = field(default_factory=list)

    @property
    def model_id(self) -> str:
        return "-".join(self.identity)

    def variant(self) -> str:
        parts = ([self.date] if self.date else []) + self.variants
        return "+".join(dict.fromkeys(p for p in parts if p))


def reject_reason(name: object) -> str | None:
    """Why a raw name cannot be resolved at all (bad input), or None."""
    if not isinstance(name, str):
        return "no name (empty value)"
    if not name.strip():
        return "empty or whitespace-only name"
    if len(name) > MAX_NAME_LENGTH:
        return f"name longer than {MAX_NAME_LENGTH} characters"
    if _MARKUP.search(name):
        return "name contains markup or control characters"
    return None


def _clean(name: str) -> str:
    text = unicodedata.normalize("NFKC", name).replace("\u2019", "'").replace("\u2013", "-")
    return re.sub(r"\s+", " ", text.replace("\u2014", "-")).strip()


def _core(text: str) -> tuple[str, list[str], str] | str:
    """Drop display, path, dot-vendor and brand prefixes -> (core name, variants, namespace of a
    "namespace/name" path), or the reason there is no name."""
    variants: list[str] = []
    display = re.match(r"^([A-Za-z0-9 .&'-]{1,40}):\s+(?=\S)", text)  # "OpenAI: GPT-4o"
    if display:
        text = text[display.end():]
        if re.match(r"[A-Za-z]\d+(?:\.\d+)?\b", text):  # "DeepSeek: R1 Distill ..." names DeepSeek-R1
            text = f"{display.group(1)} {text}"
    if text.lower().startswith("ft:"):
        text, variants = text[3:], ["fine-tuned"]
    namespace = ""
    if "/" in text:
        head, _, last = text.rpartition("/")
        if not last.strip():
            return "only a provider prefix, no model name"
        if not re.search(r"\s", head) and re.match(r"\s*[A-Za-z]", last):
            text = last.strip()  # a path: provider/namespace/model ("ViT-G/14" is a name, not a path)
            namespace = head.rpartition("/")[2]
    if text.lower() in PROVIDER_WORDS:
        return "only a provider name, no model name"
    dotted = DOT_VENDOR.match(text.lower())
    if dotted:
        vendor, rest = dotted.groups()
        text = f"{vendor}-{rest}" if re.match(r"[vr]\d", rest) else text[len(text) - len(rest):]
    while match := BRAND_PREFIX.match(text.lower()):
        text = text[match.end():]
    if re.match(r"(?:opus|sonnet|haiku|fable|mythos)[\s-]+\d", text.lower()):
        text = f"Claude {text}"  # "Opus 4.6": Anthropic's release notes drop the family word
    return text, variants, namespace


def _why_not_a_model(text: str, source: str | None) -> str | None:
    lowered = text.lower()
    # "DeepSeek R1 + claude-3-5-sonnet" (an aider architect/editor pair); Epoch writes "ViT + DINO"
    # for one system (a model plus a technique), so there "+" stays part of the name.
    if source != "epoch_models" and re.search(r"\s\+\s", lowered):
        return "names more than one model"
    both = re.split(r"\s(?:and|&|vs\.?)\s", lowered)
    if len(both) > 1 and all(re.search(r"\d", part) for part in both):
        return "names more than one model"
    if re.search(r"(?:^|[\s_-])router(?:$|[\s_-])", lowered) or lowered in {"auto", "free"}:
        return "a router that picks models, not a model"
    if re.match(r"^(?:fireworks-ai|together-ai)-", lowered):
        return "a price bucket by model size, not a model"
    return None


def _take_suffixes(text: str, variants: list[str]) -> str:
    """Suffixes that are settings of the source, not part of the name."""
    text = re.sub(r"claude-v(\d):(\d)$", r"claude-\1.\2", text)  # Bedrock: claude-v2:1 is Claude 2.1
    for pattern in (_EPOCH_SETTING, _BEDROCK_REVISION):
        match = pattern.search(text)
        if match:
            variants.append(match.group(1))
            text = text[: match.start()]
    colon = re.search(r":([a-z]+)$", text)
    if colon and colon.group(1) in COLON_TIERS:
        variants.append(colon.group(1))
        text = text[: colon.start()]
    for quant in _QUANT.findall(text):
        variants.append(quant)
    return _QUANT.sub("", text)


# Spellings rewritten before the name is cut into words, in this order.
_REWRITES = [(re.compile(pattern), replacement) for pattern, replacement in (
    (r"(?<![\d.])(\d)_(\d)(?!\d)", r"\1.\2"),      # phi-1_5, internlm2_5 (not gpt_4_1106)
    (r"(?<=\d)p(?=\d)", "."),                         # fireworks: llama-v3p1, qwen2p5
    (r"\bgpt-?35(?=\b|-)", "gpt-3.5"),                # azure: gpt-35-turbo
    (r"\bqwen25\b", "qwen2.5"),
    (r"\bcode-llama\b", "codellama"),
    (r"\bnova[\s-](lite|micro|pro|premier)[\s-]v?1(?:\.0)?\b", r"nova-\1"),  # Amazon Nova 1.0 is Nova
    (r"[≤≥<>]=?\s*(?=\d)", " "),                      # llm-prices tiers: "≤200k", ">200k"
    (r"\+(?=$|[\s(\-])", "-plus"),                    # Command R+
    (r"\s\+\s", "-plus-"),                             # Epoch: "ViT + DINO"
    (r"\bno[\s-]?think(?:ing)?\b", "no~thinking"),
    (r"\bnon-reasoning\b", "non~reasoning"),
    *((r"\b" + re.escape(phrase).replace(r"\-", r"[\s-]") + r"\b", glued)
      for phrase, glued in PROTECTED_COMPOUNDS.items()),
    (r"[*'\"!?]", ""),
    (r"[\s_:@/,;]+", "-"),
    (r"-+", "-"),
)]
_POINT_ZERO = re.compile(r"^(v?\d+)\.0$")


def _split_tokens(text: str) -> list[str]:
    for pattern, replacement in _REWRITES:
        text = pattern.sub(replacement, text)
    tokens = []
    for token in text.strip("-.").split("-"):
        glued = _GLUED.match(token)
        if glued and token not in VARIANT_WORDS:
            tokens.extend(glued.groups())
        elif token:
            tokens.append(token)
    return [t.replace("~", "-") for t in _join_single_digits(tokens)]


def _join_single_digits(tokens: list[str]) -> list[str]:
    """claude-3-5-sonnet -> claude 3.5 sonnet; llama3-1-405b -> llama 3.1 405b."""
    out: list[str] = []
    for token in tokens:
        if out and re.fullmatch(r"\d", token) and re.fullmatch(r"\d", out[-1]) \
                and (len(out) < 2 or not re.fullmatch(r"\d+(\.\d+)?", out[-2])):
            out[-1] = f"{out[-1]}.{token}"
        else:
            out.append(token)
    return out


def _only_variants_after(tokens: list[str], i: int) -> bool:
    return all(t in VARIANT_WORDS or date_at(tokens, j) or _CONTEXT.match(t)
               for j, t in enumerate(tokens[i + 1:], i + 1))


def _classify(tokens: list[str], source: str | None, parsed: _Parsed, group: bool = False) -> None:
    """Split tokens into identity, date and variants (parsed is filled in place)."""
    identity, variants = parsed.identity, parsed.variants
    i = 0
    while i < len(tokens):
        token = tokens[i]
        date = date_at(tokens, i) if i > 0 else None
        if date and not parsed.date:
            size, parsed.date, parsed.date_key = date
            i += size
            continue
        previous = tokens[i - 1] if i else ""
        trailing = _only_variants_after(tokens, i)
        kind = _variant_kind(token, previous, i, trailing, identity, tokens, source)
        if kind is None and group and token in EFFORT_ANY:
            kind = token  # "(medium)", "(max)": in a group these are settings, not sibling names
        if kind:
            variants.append(kind)
        else:
            identity.append(token)
        i += 1


def _variant_kind(token: str, previous: str, i: int, trailing: bool, identity: list[str],
                  tokens: list[str], source: str | None) -> str | None:
    """The variant label of a token, or None when it belongs to the identity."""
    if i == 0:
        return None
    if token in TUNING:
        return TUNING[token]
    if token in THINKING:
        return THINKING[token]
    if token == "reasoning" and trailing and identity[:1] == ["grok"]:
        return "reasoning"  # grok-4-fast-reasoning / -non-reasoning are modes; "Sonar Reasoning" is a model
    if token in RELEASE:
        return RELEASE[token]
    if token in PRECISION or token in HOSTS:
        return token
    if token in EDIT_FORMATS and trailing:
        return f"edit-{token}"
    if (token in TIERS and token != "fast") or (token == "fast" and trailing):
        return token
    if token in EFFORT_TRAILING and trailing:
        return token
    if token == "turbo" and previous in set(TUNING) | PRECISION | {"thinking"}:
        return "turbo"
    if token == "instant" and trailing and any(_PARAMS.match(t) for t in identity):
        return "instant"
    if token.isdigit() and len(token) >= 4 and int(token) % 1024 == 0:
        return f"ctx-{token}"
    if _CONTEXT.match(token) and (previous in {"thinking", "think", "latest"} or date_at(tokens, i - 1)
                                  or (i + 1 < len(tokens) and tokens[i + 1] in {"thinking", "think"})
                                  or (source == "llm_prices" and trailing)):
        return token
    if re.fullmatch(r"00\d", token) and identity and _REVISION_001.match(identity[0]):
        return token
    if _V_VERSION.match(token) and trailing and identity and (
            any(_PARAMS.match(t) or _VERSION.match(t) for t in identity[1:]) or identity[-1] in SIBLINGS):
        return token
    return None


def _family_fixes(identity: list[str]) -> list[str]:
    """Family spellings: version 3.0 is version 3 (Gemini keeps Google's 1.0 / 2.0), llama-v3 ->
    llama-3, claude-v2 -> claude-2, one Claude word order."""
    out = [token if token == identity[0] or identity[0] == "gemini" else _POINT_ZERO.sub(r"\1", token)
           for token in identity]
    for i, token in enumerate(out[1:], 1):
        if out[i - 1] in ("llama", "qwen", "claude", "instant") and _V_VERSION.match(token):
            out[i] = token[1:]
    if out and out[0] == "claude":
        out = _claude_order(out)
    return out


def _claude_order(tokens: list[str]) -> list[str]:
    """Claude 3.x is "claude-3.5-sonnet", Claude 4+ is "claude-sonnet-4.5": one order per generation."""
    siblings = [t for t in tokens if t in {"opus", "sonnet", "haiku", "fable", "mythos"}]
    versions = [t for t in tokens[1:] if re.fullmatch(r"\d+(\.\d+)?", t)]
    if len(siblings) != 1 or len(versions) != 1:
        return tokens
    rest = [t for t in tokens[1:] if t not in (siblings[0], versions[0])]
    major = int(versions[0].split(".")[0])
    ordered = [siblings[0], versions[0]] if major >= 4 else [versions[0], siblings[0]]
    return ["claude", *ordered, *rest]


_IMPLIED = [(stem.split("-"), implied) for stem, implied in IMPLIED_TOKENS.items()]


def _drop_implied(identity: list[str]) -> list[str]:
    for stem, implied in _IMPLIED:
        size = len(stem)
        if len(identity) > size and identity[:size] == stem and set(identity[size:]) <= implied:
            return stem
    return identity


def _paren_parts(text: str) -> tuple[str, list[str]]:
    """Pull "(...)" groups out of a display name; returns the name and the group contents."""
    groups = re.findall(r"[(\[]([^()\[\]]*)[)\]]", text)
    return re.sub(r"[(\[][^()\[\]]*[)\]]", " ", text), groups


def parse_rule(name: str, source: str | None = None) -> _Parsed | str:
    """Apply the rules to one name: a _Parsed, or the reason it cannot be resolved."""
    reason = reject_reason(name)
    if reason:
        return reason
    text = _clean(name)
    reason = _why_not_a_model(text, source)
    if reason:
        return reason
    core = _core(text)
    if isinstance(core, str):
        return core
    text, prefix_variants, namespace = core
    reason = _why_not_a_model(text, source)
    if reason:
        return reason
    text = text.lower()
    parsed = _Parsed(identity=[], variants=list(prefix_variants))
    text = _take_suffixes(text, parsed.variants)
    text, groups = _paren_parts(text)
    date, text = dates_in_words(text)
    if date:
        parsed.date = parsed.date_key = date
    tokens = _split_tokens(text)
    _classify(tokens, source, parsed)
    for group in groups:
        _add_group(group, source, parsed)
    if parsed.date and not parsed.date_key:
        parsed.date_key = parsed.date
    parsed.identity = _drop_implied(_family_fixes(parsed.identity))
    if _is_derivative(namespace, parsed.identity, source, name):
        parsed.identity += ["by", *re.findall(r"[a-z0-9]+", namespace.lower())]
    if not parsed.identity or not re.search(r"[a-z]", parsed.model_id):
        return "nothing left to name a model after removing prefixes, dates and variant words"
    if parsed.model_id in AMBIGUOUS_FAMILIES:
        return f"only a family name ({parsed.model_id}): which model is meant is not said"
    return parsed


def _is_derivative(namespace: str, identity: list[str], source: str | None, name: str) -> bool:
    """A Hub repo named like a base model but uploaded by someone else (see HUB_SOURCES)."""
    hub_name = source in HUB_SOURCES or (source is None and name.count("/") == 1)
    return bool(hub_name and namespace and identity and identity[0] in DERIVED_FAMILIES
                and namespace.lower() not in VENDOR_NAMESPACES | PROVIDER_WORDS)


def _add_group(group: str, source: str | None, parsed: _Parsed) -> None:
    """A "(...)" group: a date, settings (variants) or, when it says more, part of the identity."""
    date, group = dates_in_words(group)
    if date and not parsed.date:
        parsed.date = parsed.date_key = date
    group = _take_suffixes(group, parsed.variants)
    tokens = _split_tokens(group)
    if not tokens:
        return
    inner = _Parsed(identity=[], variants=[])
    family = parsed.identity[0] if parsed.identity else "x"  # the group follows the family word
    _classify([family, *tokens], source, inner, group=True)
    extra = inner.identity[1:]
    if inner.date and not parsed.date:
        parsed.date, parsed.date_key = inner.date, inner.date_key
    parsed.variants.extend(inner.variants)
    noise = {"older", "no", "diff", "whole", "udiff", "diff-fenced", "architect", "editor", "tokens",
             "context", "length", "prev", "image", "gen", "dev", "testing", "also", "test", "edit", "format"}
    noise |= {t for t in extra if _CONTEXT.match(t) and parsed.variants}
    kept = [t for t in extra if t not in noise and not re.fullmatch(r"v?\d{4}", t)]
    if kept and all(_PARAMS.match(t) for t in kept):
        parsed.identity.extend(t for t in kept if t not in parsed.identity)
    elif kept:
        parsed.identity.extend(kept)


# ---- the resolver: rules, then the alias file ----------------------------------------------------

class Resolver:
    """Rules plus a table of reviewed aliases; `resolve` is cached per (name, source)."""

    def __init__(self, aliases: list[Alias] | None = None):
        self.aliases = load_aliases() if aliases is None else aliases
        self._by_key: dict[tuple[str, str], Alias] = {}
        for alias in self.aliases:
            self._by_key.setdefault((alias.source, _key(alias.name)), alias)
        self.resolve = functools.lru_cache(maxsize=None)(self._resolve)

    def _alias_for(self, keys: list[str], source: str | None) -> Alias | None:
        for key in keys:
            for where in ((source or ""), ""):
                found = self._by_key.get((where, key))
                if found:
                    return found
        return None

    def _resolve(self, name: object, source: str | None = None) -> Resolution:
        shown = name if isinstance(name, str) else ""
        parsed = parse_rule(name, source) if isinstance(name, str) else reject_reason(name)
        keys = _alias_keys(shown, parsed)
        alias = self._alias_for(keys, source) if keys else None
        if alias is not None:
            if not alias.model_id:
                return Resolution(shown, None, "", UNMATCHED, f"alias file: {alias.note or 'not a model'}")
            rule_variant = parsed.variant() if isinstance(parsed, _Parsed) else ""
            variant = _merge_variants(alias.variant, rule_variant, parsed)
            return Resolution(shown, alias.model_id, variant, ALIAS, f"alias file: {alias.note}".rstrip(": "))
        if isinstance(parsed, str):
            return Resolution(shown, None, "", UNMATCHED, parsed)
        stem = parsed.model_id
        if parsed.date and stem in DATES_NAME_VERSIONS:
            return Resolution(shown, None, "", UNMATCHED,
                              f"{stem}: its date stamps name different versions; add "
                              f"{stem}-{parsed.date_key} to model_aliases.csv")
        return Resolution(shown, stem, parsed.variant(), RULE, _rule_reason(parsed))


def _alias_keys(name: str, parsed: _Parsed | str) -> list[str]:
    """Alias file lookups, most specific first: raw name, name without prefixes, normal form without
    the date, id+date, id."""
    keys = [_key(name)] if name.strip() else []
    if name.strip() and not reject_reason(name):
        core = _core(_clean(name))
        if not isinstance(core, str):
            keys.append(_core_key(core[0]))
    if isinstance(parsed, _Parsed):
        if parsed.variants:  # the name in normal form without its date: gpt_3_5_turbo_instruct
            keys.append("-".join([*parsed.identity, *dict.fromkeys(parsed.variants)]))
        if parsed.date_key:
            keys.append(f"{parsed.model_id}-{parsed.date_key}".lower())
        keys.append(parsed.model_id)
    return list(dict.fromkeys(keys))


def _core_key(core: str) -> str:
    """The name without prefixes, "(...)" groups and source settings: "gemini-exp-1206 (diff)" ->
    "gemini-exp-1206", "jamba-instruct-v1:0" -> "jamba-instruct"."""
    text = _paren_parts(core.lower())[0].strip()
    text = _take_suffixes(text, []).strip()
    return _key(text)


def _key(text: str) -> str:
    """Alias keys compare lower-case with spaces and underscores read as hyphens."""
    return re.sub(r"[\s_]+", "-", text.strip().lower())


def _merge_variants(alias_variant: str, rule_variant: str, parsed: _Parsed | str) -> str:
    """The alias file's variant first, then what the rules read besides the date."""
    extra = [v for v in rule_variant.split("+") if v]
    if isinstance(parsed, _Parsed) and parsed.date and alias_variant:
        extra = [v for v in extra if v != parsed.date]
    parts = [v for v in alias_variant.split("+") if v] + extra
    return "+".join(dict.fromkeys(parts))


def _rule_reason(parsed: _Parsed) -> str:
    said = []
    if parsed.date:
        said.append(f"date {parsed.date}")
    if parsed.variants:
        said.append("variant " + "+".join(dict.fromkeys(parsed.variants)))
    return "rules" + (f" ({'; '.join(said)})" if said else "")


@functools.cache
def default_resolver() -> Resolver:
    return Resolver()


def resolve(name: object, source: str | None = None) -> Resolution:
    """Resolve one model name with the rules and the project's alias file."""
    return default_resolver().resolve(name, source)
