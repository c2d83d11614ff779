"""Optional LLM phrasing of extractive answers, behind any OpenAI-compatible chat-completions URL.

The extractive answer stays the source of truth: the model only rewrites its ``direct`` text from the
numbered passages we cite, and :mod:`retrieval.grounding` must accept what it wrote. Citations and the
quoted "Nguồn" blocks are always ours. Any failure (no reply, HTTP error, malformed reply, ungrounded
text) keeps the extractive answer unchanged and logs why.
"""

from __future__ import annotations

import logging
import re
import time
from dataclasses import dataclass
from pathlib import Path
from string import Template
from typing import Literal

import httpx
from pydantic import BaseModel, SecretStr, ValidationError

from .answer import (
    Answer,
    render_reply,  # the extractive layout, so both replies read the same
)
from .grounding import check_grounding
from .question import Intent
from .settings import PROJECT_ROOT, Settings

log = logging.getLogger(__name__)

PROMPTS_DIR = PROJECT_ROOT / "prompts"
MAX_ANSWER_TOKENS = 600  # a short answer; the quoted sources are appended by us
RETRIES = 2
BACKOFF_SECONDS = 0.5

_THINKING = re.compile(r"^\s*<think>.*?</think>", re.DOTALL)  # reasoning models served by vLLM/Ollama
_TEMPLATE_COMMENT = re.compile(r"\A\s*<!--.*?-->\s*", re.DOTALL)
_OUR_TAGS = re.compile(r"</?\s*(?:doan_trich|du_kien|cau_hoi)\b[^>]*>", re.IGNORECASE)


class LLMError(RuntimeError):
    """The model gave no usable reply; the message is for the log and never holds the API key."""


class ChatMessage(BaseModel):
    role: Literal["system", "user", "assistant"]
    content: str


class ChatReply(BaseModel):
    content: str
    finish_reason: str | None = None


class _ReplyMessage(BaseModel):
    content: str | None = None  # null when a server answers with a refusal or a tool call


class _Choice(BaseModel):
    message: _ReplyMessage
    finish_reason: str | None = None


class _Completion(BaseModel):
    choices: list[_Choice]


class ChatClient:
    """``POST {base_url}/chat/completions``; ``timeout`` bounds the whole call, retries included.

    A user is waiting, so the budget is shared: a retry only gets what time is left, and a request that
    times out is not repeated. 5xx, 429 and transport errors are retried at most ``retries`` times.
    """

    def __init__(
        self,
        base_url: str,
        model: str,
        api_key: SecretStr | None = None,
        timeout: float = 20.0,
        retries: int = RETRIES,
        backoff: float = BACKOFF_SECONDS,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.model = model
        self.timeout = timeout
        self.retries = retries
        self.backoff = backoff
        self._api_key = api_key
        headers = {"Authorization": f"Bearer {api_key.get_secret_value()}"} if api_key else {}
        self._http = httpx.Client(base_url=base_url.rstrip("/"), headers=headers, timeout=timeout, transport=transport)

    def complete(self, messages: list[ChatMessage], max_tokens: int = MAX_ANSWER_TOKENS) -> ChatReply:
        body = {
            "model": self.model,
            "messages": [m.model_dump() for m in messages],
            "temperature": 0,  # phrasing, not creativity: the same passages give the same answer
            "max_tokens": max_tokens,
            "stream": False,
        }
        deadline = time.monotonic() + self.timeout
        for attempt in range(1, self.retries + 2):
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                raise LLMError(f"no reply within {self.timeout:g} s")
            retry_after: float | None = None
            try:
                response = self._http.post("/chat/completions", json=body, timeout=remaining)
            except httpx.TimeoutException as exc:
                raise LLMError(f"no reply within {self.timeout:g} s ({type(exc).__name__})") from exc
            except httpx.TransportError as exc:
                failure = f"{type(exc).__name__}: {self._redact(str(exc))}"
            else:
                if response.is_success:
                    return self._parse(response)
                if response.status_code != 429 and response.status_code < 500:
                    raise LLMError(self._describe(response))
                failure = self._describe(response)
                retry_after = _seconds(response.headers.get("Retry-After"))
            pause = retry_after if retry_after is not None else self.backoff * 2 ** (attempt - 1)
            if attempt > self.retries or time.monotonic() + pause >= deadline:
                raise LLMError(f"{failure} (after {attempt} attempt(s))")
            log.info("LLM request failed (%s); retrying in %.1f s", failure, pause)
            time.sleep(pause)
        raise AssertionError("unreachable")

    def _parse(self, response: httpx.Response) -> ChatReply:
        try:
            completion = _Completion.model_validate(response.json())
        except (ValueError, ValidationError) as exc:
            raise LLMError(f"malformed chat completion: {self._redact(str(exc))[:200]}") from exc
        choice = completion.choices[0] if completion.choices else None
        if choice is None or choice.message.content is None:
            raise LLMError("chat completion without text content")
        return ChatReply(content=choice.message.content, finish_reason=choice.finish_reason)

    def _describe(self, response: httpx.Response) -> str:
        if response.status_code in (401, 403):
            return f"HTTP {response.status_code}: check LLM_API_KEY"  # some servers echo part of the key
        return f"HTTP {response.status_code}: {self._redact(response.text)[:200]}"

    def _redact(self, text: str) -> str:
        key = self._api_key.get_secret_value() if self._api_key else ""
        return text.replace(key, "***") if key else text


@dataclass(frozen=True)
class Prompts:
    """The prompt texts in ``prompts/``: editable by the office without touching code."""

    system: str
    user: Template  # $passages, $facts, $question
    passage: Template  # $number, $heading, $title, $text

    @classmethod
    def load(cls, directory: Path = PROMPTS_DIR) -> Prompts:
        def read(name: str) -> str:
            return _TEMPLATE_COMMENT.sub("", (directory / name).read_text(encoding="utf-8")).strip()

        return cls(read("system.vi.md"), Template(read("user.vi.md")), Template(read("passage.vi.md")))

    def messages(self, answer: Answer) -> list[ChatMessage]:
        """Passage [i] is ``answer.citations[i - 1]``: the grounding check relies on that order."""
        passages = "\n\n".join(
            self.passage.substitute(
                number=i,
                heading=_as_data(c.heading),
                title=_as_data(c.doc_title) or "(không có)",
                text=_as_data("\n".join(c.passages)),
            )
            for i, c in enumerate(answer.citations, start=1)
        )
        user = self.user.substitute(
            passages=passages, facts=_as_data(answer.direct) or "(không có)", question=_as_data(answer.question)
        )
        return [ChatMessage(role="system", content=self.system), ChatMessage(role="user", content=user)]


class Phraser:
    """Rewrites a found answer's direct text with the model, or leaves the answer as it is."""

    def __init__(self, client: ChatClient, prompts: Prompts) -> None:
        self.client = client
        self.prompts = prompts

    @classmethod
    def from_settings(cls, settings: Settings) -> Phraser:
        # A configuration error shows at start-up, not as a silent fallback on every question.
        if not settings.llm_base_url or not settings.llm_model:
            raise ValueError("LLM phrasing needs both LLM_BASE_URL and LLM_MODEL (the name the server serves)")
        client = ChatClient(settings.llm_base_url, settings.llm_model, settings.llm_api_key, settings.llm_timeout)
        return cls(client, Prompts.load())

    def phrase(self, answer: Answer) -> Answer:
        if not answer.found or not answer.citations:
            return answer  # nothing to phrase: the "not found" reply is already exact
        try:
            text = self._grounded_text(answer)
        except Exception as exc:  # any failure at all must leave the user with the extractive answer
            log.warning(
                "LLM phrasing failed, extractive answer kept: %s", exc if isinstance(exc, LLMError) else repr(exc)
            )
            return answer
        if text is None:
            return answer
        return answer.model_copy(update={"direct": text, "answer": render_reply(text, answer.citations)})

    def _grounded_text(self, answer: Answer) -> str | None:
        """The model's text when the grounding check accepts it; None (and the reason logged) when not."""
        reply = self.client.complete(self.prompts.messages(answer))
        if reply.finish_reason == "length":
            log.warning("LLM answer cut off at %d tokens, extractive answer kept", MAX_ANSWER_TOKENS)
            return None
        text = _THINKING.sub("", reply.content).strip()
        report = check_grounding(
            text,
            answer.citations,
            facts=answer.direct,
            question=answer.question,
            required=required_facts(answer),
            assignment=answer.assignment,
        )
        if not report.ok:
            log.warning("LLM answer rejected, extractive answer kept: %s", "; ".join(report.problems))
            return None
        return text


def required_facts(answer: Answer) -> list[str]:
    """What the extraction found for what was asked: the phrasing must keep it (rule 7 of grounding)."""
    a = answer.assignment
    if answer.intent == Intent.LEAD and a:
        return list(a.lead)
    if answer.intent == Intent.COOPERATING and a:
        return list(a.cooperating)
    if answer.intent == Intent.DEADLINE and a and a.deadline:
        return [a.deadline]
    if answer.intent == Intent.DOC_LOOKUP and answer.citations and answer.citations[0].doc_number:
        return [answer.citations[0].doc_number]
    return []


def _as_data(text: str) -> str:
    """Document text cannot close our data tags and pass for instructions."""
    return _OUR_TAGS.sub(" ", text)


def _seconds(value: str | None) -> float | None:
    try:
        return max(float(value), 0.0) if value else None
    except ValueError:
        return None  # an HTTP date: fall back to our own backoff
