"""Help-centre question answering: retrieval-augmented generation over support docs.

Pipeline: load the help-centre documents, split them into overlapping chunks,
rank chunks against the question with TF-IDF cosine similarity, then ask Claude
to answer from the best chunks only, citing them. The LLM client is injected so
the pipeline can run against a fake in tests and a real client in production.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass
from pathlib import Path
from typing import Protocol

SUPPORTED_SUFFIXES = (".md", ".txt")
MODEL = "claude-sonnet-4-20250514"
MAX_TOKENS = 1024
NO_ANSWER = "I don't know based on the help centre."
SYSTEM_PROMPT = (
    "You answer customer questions using only the numbered help-centre excerpts provided. "
    "Cite the excerpts you used as [1], [2], ... If the excerpts do not contain the answer, "
    f"reply exactly: {NO_ANSWER}"
)
TOKEN_PATTERN = re.compile(r"[a-z0-9]+")


class LLMClient(Protocol):
    """Anything that can call the Anthropic Messages API and return its JSON body."""

    def create_message(self, request: dict) -> dict: ...


class PipelineError(RuntimeError):
    """The pipeline could not produce an answer; the message says why."""


@dataclass(frozen=True)
class Document:
    doc_id: str
    title: str
    text: str


@dataclass(frozen=True)
class Chunk:
    doc_id: str
    title: str
    index: int
    text: str


@dataclass(frozen=True)
class ScoredChunk:
    chunk: Chunk
    score: float


@dataclass(frozen=True)
class Answer:
    text: str
    sources: list[str]


def tokenize(text: str) -> list[str]:
    return TOKEN_PATTERN.findall(text.lower())


def load_documents(directory: Path) -> list[Document]:
    """Read every supported file in `directory`, in name order.

    The title is the first Markdown heading, or the file name without its
    suffix; blank files are skipped so they never produce empty chunks.
    """
    if not directory.is_dir():
        raise PipelineError(f"document folder not found: {directory}")
    documents = []
    for path in sorted(p for p in directory.iterdir() if p.suffix.lower() in SUPPORTED_SUFFIXES):
        text = path.read_text(encoding="utf-8").strip()
        if not text:
            continue
        first_line = text.splitlines()[0]
        if first_line.startswith("# "):
            title = first_line[2:].strip()
            text = text[len(first_line) :].strip()
        else:
            title = path.stem.replace("-", " ").capitalize()
        documents.append(Document(doc_id=path.stem, title=title, text=text))
    return documents


def chunk_document(document: Document, size: int = 60, overlap: int = 15) -> list[Chunk]:
    """Split a document into windows of `size` words that share `overlap` words,
    so a sentence cut at a boundary still appears whole in one chunk."""
    if size <= 0 or not 0 <= overlap < size:
        raise ValueError("chunk size must be positive and overlap smaller than the size")
    words = document.text.split()
    step = size - overlap
    chunks = []
    for index, start in enumerate(range(0, max(len(words) - overlap, 1), step)):
        text = " ".join(words[start : start + size])
        chunks.append(Chunk(document.doc_id, document.title, index, text))
    return chunks


class Retriever:
    """TF-IDF index over chunks, ranked by cosine similarity."""

    def __init__(self, chunks: list[Chunk]):
        self._chunks = chunks
        term_counts = [Counter(tokenize(f"{c.title} {c.text}")) for c in chunks]
        document_frequency = Counter(term for counts in term_counts for term in counts)
        total = len(chunks)
        # Smoothed IDF keeps terms found in every chunk from weighing zero.
        self._idf = {term: math.log((1 + total) / (1 + df)) + 1 for term, df in document_frequency.items()}
        self._vectors = [self._weigh(counts) for counts in term_counts]

    def _weigh(self, counts: Counter[str]) -> dict[str, float]:
        return {term: count * self._idf.get(term, 0.0) for term, count in counts.items()}

    def search(self, query: str, k: int = 3) -> list[ScoredChunk]:
        """The `k` best chunks with a positive score, best first."""
        query_vector = self._weigh(Counter(tokenize(query)))
        query_norm = _norm(query_vector)
        if query_norm == 0:
            return []
        scored = []
        for chunk, vector in zip(self._chunks, self._vectors):
            dot = sum(weight * vector.get(term, 0.0) for term, weight in query_vector.items())
            if dot > 0:
                scored.append(ScoredChunk(chunk, dot / (query_norm * _norm(vector))))
        scored.sort(key=lambda s: s.score, reverse=True)
        return scored[:k]


def _norm(vector: dict[str, float]) -> float:
    return math.sqrt(sum(weight * weight for weight in vector.values()))


def build_request(question: str, context: list[ScoredChunk]) -> dict:
    """Messages API request body: excerpts and question in one user turn."""
    excerpts = "\n\n".join(
        f"[{number}] {item.chunk.title}\n{item.chunk.text}" for number, item in enumerate(context, start=1)
    )
    return {
        "model": MODEL,
        "max_tokens": MAX_TOKENS,
        "system": SYSTEM_PROMPT,
        "messages": [
            {"role": "user", "content": f"Help-centre excerpts:\n\n{excerpts}\n\nQuestion: {question}"},
        ],
    }


def parse_response(response: dict) -> str:
    """Concatenate the text blocks of a Messages API response.

    `content` is a list of blocks; only `type: "text"` blocks carry the answer
    (others, such as `thinking` or `tool_use`, are skipped).
    """
    if response.get("type") == "error":
        message = response.get("error", {}).get("message", "unknown error")
        raise PipelineError(f"Claude returned an error: {message}")
    blocks = response.get("content")
    if not isinstance(blocks, list):
        raise PipelineError("Claude response has no content list")
    text = "".join(block.get("text", "") for block in blocks if block.get("type") == "text").strip()
    if not text:
        raise PipelineError("Claude response contains no text")
    return text


class RagPipeline:
    def __init__(self, retriever: Retriever, client: LLMClient, top_k: int = 3):
        self._retriever = retriever
        self._client = client
        self._top_k = top_k

    @classmethod
    def from_directory(cls, directory: Path, client: LLMClient, top_k: int = 3) -> RagPipeline:
        chunks = [chunk for document in load_documents(directory) for chunk in chunk_document(document)]
        return cls(Retriever(chunks), client, top_k)

    def answer(self, question: str) -> Answer:
        """Answer from the help centre; without relevant excerpts, say so
        instead of letting the model guess."""
        if not question.strip():
            raise PipelineError("question is empty")
        context = self._retriever.search(question, self._top_k)
        if not context:
            return Answer(NO_ANSWER, [])
        text = parse_response(self._client.create_message(build_request(question, context)))
        sources = list(dict.fromkeys(item.chunk.doc_id for item in context))
        return Answer(text, sources)
