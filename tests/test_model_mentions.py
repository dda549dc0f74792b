"""extract_model on real headlines from the recorded vendor feeds: the model as written, or None."""
from __future__ import annotations

import feedparser
import pytest
from conftest import recorded_files, skip_without_recorded

from collectors.model_mentions import extract_model

# (headline exactly as published in ../shared/fixtures/feeds/olshansk_feed_*, model it names or None)
REAL_TITLES = [
    # Anthropic
    ("Introducing Claude Opus 4.7", "Claude Opus 4.7"),
    ("Claude Fable 5 and Claude Mythos 5", "Claude Fable 5"),
    ("Improving Fable 5's biology safeguards", "Fable 5"),
    ("Anthropic Economic Index: Insights from Claude 3.7 Sonnet", "Claude 3.7 Sonnet"),
    ("Introducing computer use, a new Claude 3.5 Sonnet, and Claude 3.5 Haiku", "Claude 3.5 Sonnet"),
    ("Releasing Claude Instant 1.2", "Claude Instant 1.2"),
    ("Introducing Claude 4", "Claude 4"),
    ("Introducing Claude Pro", None),  # a subscription plan
    ("Introducing Claude for Teachers", None),
    ("Anthropic acquires Bun as Claude Code reaches $1B milestone", None),
    ("How Claude’s text watermark works", None),
    # OpenAI
    ("Hello GPT-4o", "GPT-4o"),
    ("GPT-4o mini: advancing cost-efficient intelligence", "GPT-4o mini"),
    ("OpenAI o3-mini System Card", "o3-mini"),
    ("OpenAI o1-mini", "o1-mini"),
    ("Introducing GPT-Rosalind for life sciences research", "GPT-Rosalind"),
    ("GPT-2: 1.5B release", "GPT-2"),
    ("GPTs are GPTs: An early look at the labor market impact potential of large language models", None),
    ("WebGPT: Improving the factual accuracy of language models through web browsing", None),
    ("Image GPT", None),
    # Google
    ("Mastering Edge AI on Raspberry Pi with LiteRT and Gemma", None),
    ("Agent and Model Evaluations in Gemini Enterprise Agent Platform are now GA", None),
    # Meta
    ("The Llama 4 herd: The beginning of a new era of natively multimodal AI innovation", "Llama 4"),
    ("Introducing Muse Spark 1.1", "Muse Spark 1.1"),
    ("Introducing quantized Llama models with increased speed and a reduced memory footprint", None),
    ("Finding the perfect book to read next with a Llama-based assistant", None),
    ("Meet the winners of our first-ever LlamaCon Hackathon", None),
    # Mistral AI
    ("Introducing Mistral Small 4", "Mistral Small 4"),
    ("Remote agents in Vibe. Powered by Mistral Medium 3.5.", "Mistral Medium 3.5"),
    ("Introducing: Devstral 2 and Mistral Vibe CLI.", "Devstral 2"),
    ("Announcing Codestral 25.08 and the Complete Mistral Coding Stack for Enterprise", "Codestral 25.08"),
    ("Codestral Embed", "Codestral Embed"),
    ("Magistral", "Magistral"),
    ("Mistral Saba", "Mistral Saba"),
    ("Announcing Pixtral 12B", "Pixtral 12B"),
    ("Introducing Mistral Code", None),  # an IDE assistant, not a model
    ("Mistral AI raises 1.7B€ to accelerate technological progress with AI", None),
    ("Medium is the new large.", None),
    # xAI
    ("Grok 4.1 Fast and Agent Tools API", "Grok 4.1 Fast"),
    ("Grok Code Fast 1", "Grok Code Fast 1"),
    ("Grok-1.5 Vision Preview", "Grok-1.5 Vision Preview"),
    ("Open Release of Grok-1", "Grok-1"),
    ("Use Grok in OpenCode", None),
    ("Introducing Grok Business and Grok Enterprise", None),
    # Cohere
    ("Command A Reasoning: Enterprise-grade control for AI agents", "Command A Reasoning"),
    ("Cohere Labs Launches Tiny Aya, Making Multilingual AI Accessible", "Tiny Aya"),
    ("Introducing Rerank 4: Cohere’s most powerful reranker yet", "Rerank 4"),
    ("Connect 2025: Why Collaboration is the Ultimate Research Superpower", None),
    ("Introducing Model Vault: Your private platform for secure and scalable model inference", None),
]


@pytest.mark.parametrize(("title", "expected"), REAL_TITLES, ids=[t for t, _ in REAL_TITLES])
def test_real_headlines(title, expected):
    assert extract_model(title) == expected


def test_the_examples_of_the_brief():
    assert extract_model("Gemini 2.5 Flash-Lite is now generally available") == "Gemini 2.5 Flash-Lite"
    assert extract_model("Qwen2.5-VL-7B-Instruct") == "Qwen2.5-VL-7B-Instruct"
    assert extract_model("DeepSeek-R1 release") == "DeepSeek-R1"
    assert extract_model("Command R+ is here") == "Command R+"


@pytest.mark.parametrize("text", [None, "", "   ", float("nan"), 42])
def test_no_text_gives_none(text):
    assert extract_model(text) is None


def test_a_year_is_not_a_version():
    assert extract_model("Llama 2024 in review") is None


@skip_without_recorded()
def test_the_titles_above_are_real():
    published = set()
    for path in recorded_files("feeds", "olshansk_feed_*"):
        published |= {entry.title for entry in feedparser.parse(path.read_bytes()).entries}
    missing = [title for title, _ in REAL_TITLES if title not in published]
    assert not missing, f"not in the recorded feeds: {missing}"


@skip_without_recorded()
def test_every_recorded_headline_gives_a_name_or_none():
    for path in recorded_files("feeds", "olshansk_feed_*"):
        for entry in feedparser.parse(path.read_bytes()).entries:
            found = extract_model(entry.title)
            assert found is None or found in " ".join(entry.title.split()), (entry.title, found)
