"""Reviewed word tables the name rules use (collectors/catalog/names.py): extend them, never guess.

Each table says what a word means in a model name: a host or vendor prefix to drop, a family that
is ambiguous on its own, a variant (date-free setting) word, or a size a model name already implies.
"""
from __future__ import annotations

import re


def _word_set(text: str) -> frozenset[str]:
    """A table written as whitespace-separated words (lower-cased)."""
    return frozenset(text.lower().split())


# Host, router and vendor prefixes of "prefix/model" paths are dropped by taking the last segment.
# A name that is only one of these words (or ends with "/") names no model. The list holds the
# providers litellm keys start with ("dashscope/qwen-plus"), so that a "provider/model" path is never
# read as a Hugging Face "user/model" repo (see HUB_SOURCES).
PROVIDER_WORDS = _word_set("""
openai anthropic google meta meta-llama mistral mistralai cohere amazon bedrock azure azure_ai
vertex_ai vertex openrouter together together_ai fireworks fireworks_ai deepinfra groq ollama
huggingface hf models accounts xai x-ai deepseek deepseek-ai qwen alibaba microsoft nvidia
perplexity replicate anyscale databricks sagemaker watsonx cloudflare novita chutes
amazon-nova baseten bedrock_mantle cerebras crusoe darkbloom dashscope friendliai gemini
github_copilot gmi gradient_ai hyperbolic lambda_ai libertai llamagate moonshot nebius nscale oci
ovhcloud palm pinstripes sambanova scaleway snowflake tensormesh vercel_ai_gateway wandb zai
""")

# "us.anthropic.claude-...", "meta.llama3-...": Bedrock / OCI style vendor prefixes with a dot.
DOT_VENDOR = re.compile(
    r"^(?:(?:us|eu|apac|au|jp|ca|global|us-gov)\.)?(anthropic|meta|amazon|mistral|cohere|ai21|deepseek|"
    r"qwen|openai|xai|writer|twelvelabs|minimax|moonshot|moonshotai|nvidia|zai|google|stability)\.(.+)$")

# Hyphenated host or brand words in front of a family: "databricks-claude-...", "meta-llama-3",
# "open-mixtral-8x7b", "c4ai-command-r". Only stripped when a family word follows.
_FAMILY_AHEAD = (r"meta-llama|gemma|sonar|claude|gpt|o\d|chatgpt|gemini|llama|nova|titan|phi|nemotron|qwen|"
                 r"qwq|grok|glm|granite|command|aya|mistral|mixtral|codestral|dbrx|mpt|deepseek|kimi|minimax|"
                 r"jamba")
BRAND_PREFIX = re.compile(
    r"^(?:databricks|snowflake|azure|bedrock|together|fireworks|deepinfra|groq|parasail|nvidia|nv|openai|"
    r"anthropic|google|gemini|meta|mistralai|amazon|microsoft|alibaba|xai|zai|ibm|c4ai|cohere|open|"
    r"perplexity)[- ]"
    rf"(?={_FAMILY_AHEAD})")

# Sources whose keys are Hugging Face repo ids ("namespace/name"): anyone can upload there, so a repo
# named like a well-known base model under another namespace is a derivative (a fine-tune, merge
# or re-upload of unknown content) and keeps its namespace in the id ("...-by-<namespace>"),
# unless the namespace is the developer's own or a known re-uploader of unchanged weights.
HUB_SOURCES = frozenset({"open_llm_leaderboard", "huggingface", "hf_trending"})
VENDOR_NAMESPACES = _word_set("""
qwen google 01-ai meta-llama mistralai mistral-community huggingfacetb huggingfaceh4 microsoft
allenai ibm-granite ibm eleutherai cohereforai coherelabs deepseek-ai tiiuae nvidia internlm
bigscience openai-community openai togethercomputer thudm zai-org lmsys upstage bigcode facebook
moonshotai minimaxai salesforce mosaicml huggyllama nousresearch stabilityai databricks snowflake
apple amazon ai21labs liquidai tencent baidu inclusionai stepfun-ai xiaomimimo bytedance-seed
deepcogito arcee-ai openbmb baichuan-inc xai-org google-t5 teknium openchat unsloth thebloke
bartowski lmstudio-community mlx-community neuralmagic redhatai
""")
# Base families that the Hub is full of derivatives of (first word of the model id).
DERIVED_FAMILIES = _word_set("""
llama qwen qwq gemma mistral mixtral ministral phi yi falcon deepseek gpt glm chatglm internlm
baichuan solar starcoder codellama olmo smollm granite nemotron command aya mpt pythia bloom opt t5
flan grok claude gemini kimi minimax codestral vicuna zephyr
""")

# Words that are a family on their own: a name that reduces to one of them does not say which model.
AMBIGUOUS_FAMILIES = _word_set("""
gpt chatgpt claude gemini gemma llama mistral mixtral qwen deepseek grok glm phi command yi falcon
nova o palm bard kimi minimax hunyuan ernie jamba granite nemotron reka
""")

# Families whose date stamps name different versions, not snapshots of one model (Mistral's
# mistral-large-2402 is Large 1, -2407 is Large 2). A dated name of these resolves only through the
# alias file; an unknown date goes to the unmatched queue instead of being merged on a guess.
DATES_NAME_VERSIONS = _word_set("""
mistral-large mistral-medium mistral-small codestral ministral-3b ministral-8b ministral-14b
pixtral-large magistral-medium magistral-small devstral devstral-small devstral-medium mistral-saba
""")

# Tokens that say nothing beyond a model whose name already implies them ("llama-4-maverick-17b-128e"
# is "llama-4-maverick": there is no other size). Reviewed list: only models that come in one size.
IMPLIED_TOKENS: dict[str, frozenset[str]] = {
    "llama-4-maverick": frozenset({"17b", "128e"}),
    "llama-4-scout": frozenset({"17b", "16e"}),
    "llama-3.2-11b": frozenset({"vision"}),
    "llama-3.2-90b": frozenset({"vision"}),
    "qwen-3-coder": frozenset({"480b", "a35b"}),
    "qwen-3-235b": frozenset({"a22b"}),
    "qwen-3-30b": frozenset({"a3b"}),
    "deepseek-r1": frozenset({"671b"}),
    "deepseek-v3": frozenset({"671b"}),
    "deepseek-prover-v2": frozenset({"671b"}),
    "mistral-saba": frozenset({"24b"}),
    "deepseek-coder-v2": frozenset({"236b"}),
    "devstral-2": frozenset({"123b"}),
    "mistral-small-3.1": frozenset({"24b"}),
    "mistral-small-3.2": frozenset({"24b"}),
    "reka-flash": frozenset({"21b"}),
    "minimax-m1": frozenset({"456b"}),
}

# Compound words whose parts would otherwise read as variant words.
PROTECTED_COMPOUNDS = {"deep-think": "deep~think", "deep-research": "deep~research",
                       "grok-4-fast": "grok-4~fast", "grok-4.1-fast": "grok-4.1~fast",
                       "grok-code-fast": "grok-code~fast", "tool-use": "tool~use",
                       "computer-use": "computer~use"}

SIBLINGS = _word_set("""
mini nano micro lite pro max plus large medium small tiny premier flash ultra air haiku sonnet opus
light express turbo
""")

# Variant words: (category, words). Matched after the family word only (position > 0).
TUNING = {"instruct": "instruct", "inst": "instruct", "it": "instruct", "chat": "chat", "base": "base",
           "sft": "sft", "dpo": "dpo", "rl": "rl", "hf": "hf"}
THINKING = {"thinking": "thinking", "think": "thinking", "no-thinking": "no-thinking",
             "non-reasoning": "no-thinking"}
EFFORT_TRAILING = {"high", "xhigh", "low", "minimal"}  # "medium" is also a sibling name
EFFORT_ANY = EFFORT_TRAILING | {"medium", "max", "none", "unknown", "default"}
PRECISION = _word_set("""
fp8 fp16 bf16 fp4 nvfp4 int4 int8 awq gguf gptq mlx exl2 4bit 8bit mtp q8 q4 q5 q6 dynamic
""")
RELEASE = {"preview": "preview", "exp": "exp", "experimental": "exp", "latest": "latest"}
TIERS = _word_set("""
free nitro extended floor batch flex priority fast online exacto
""")
HOSTS = _word_set("""
maas api web webapp web-app app official tput versatile specdec long customtools chutes novita
together fireworks parasail deepinfra groq alibaba inspect
""")
# Aider's edit formats ("gpt-4o (diff)", "Qwen3 235B A22B diff, no think"): a harness setting.
EDIT_FORMATS = _word_set("""
diff whole udiff diff-fenced architect editor-diff editor-whole
""")
COLON_TIERS = _word_set("""
free beta nitro extended floor thinking online batch exacto
""")

VARIANT_WORDS = (set(TUNING) | set(THINKING) | EFFORT_ANY | PRECISION | set(RELEASE) | TIERS | HOSTS
                  | EDIT_FORMATS | {"reasoning", "turbo", "instant"})
