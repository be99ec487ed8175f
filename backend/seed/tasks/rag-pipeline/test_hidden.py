"""Submission tests: the visible behaviours plus edge cases.

No test calls the real Claude API: `FakeClaude` returns canned Messages API responses.
"""

from pathlib import Path

import pytest
from solution import (
    NO_ANSWER,
    Chunk,
    Document,
    PipelineError,
    RagPipeline,
    Retriever,
    build_request,
    chunk_document,
    load_documents,
    parse_response,
)

DOCS = Path(__file__).parent / "data" / "docs"


class FakeClaude:
    """Stands in for the Messages API: records requests, replies with fixed blocks."""

    def __init__(self, blocks=None):
        self.requests = []
        self.blocks = blocks or [{"type": "text", "text": "Refunds take 5 business days [1]."}]

    def create_message(self, request):
        self.requests.append(request)
        return {
            "id": "msg_test",
            "type": "message",
            "role": "assistant",
            "model": request["model"],
            "content": self.blocks,
            "stop_reason": "end_turn",
            "usage": {"input_tokens": 10, "output_tokens": 10},
        }


def words(count, prefix="w"):
    return " ".join(f"{prefix}{i}" for i in range(count))


def test_loads_markdown_and_text_documents():
    ids = [doc.doc_id for doc in load_documents(DOCS)]
    assert ids == ["account-security", "orders-and-support", "refund-policy", "shipping"]


def test_loader_accepts_upper_case_suffixes_and_skips_other_files(tmp_path):
    (tmp_path / "returns.TXT").write_text("Returns are free.", encoding="utf-8")
    (tmp_path / "notes.md").write_text("# Notes\nInternal notes.", encoding="utf-8")
    (tmp_path / "logo.png").write_bytes(b"\x89PNG")
    (tmp_path / "empty.md").write_text("  \n", encoding="utf-8")
    docs = load_documents(tmp_path)
    assert [(d.doc_id, d.title, d.text) for d in docs] == [
        ("notes", "Notes", "Internal notes."),
        ("returns", "Returns", "Returns are free."),
    ]


def test_loader_reports_missing_folder(tmp_path):
    with pytest.raises(PipelineError):
        load_documents(tmp_path / "nope")


def test_title_comes_from_markdown_heading():
    docs = {doc.doc_id: doc for doc in load_documents(DOCS)}
    assert docs["refund-policy"].title == "Refund policy"
    assert not docs["refund-policy"].text.startswith("#")
    assert docs["orders-and-support"].title == "Orders and support"


def test_chunks_cover_the_end_of_a_document():
    doc = Document("d", "D", words(100))
    covered = {word for chunk in chunk_document(doc, size=60, overlap=15) for word in chunk.text.split()}
    assert covered == set(doc.text.split())


def test_chunks_cover_every_word_for_many_lengths():
    for length in (1, 59, 60, 61, 75, 105, 106, 151, 400):
        doc = Document("d", "D", words(length))
        chunks = chunk_document(doc, size=60, overlap=15)
        covered = [word for chunk in chunks for word in chunk.text.split()]
        assert set(covered) == set(doc.text.split()), length
        assert all(len(chunk.text.split()) <= 60 for chunk in chunks)
        assert [chunk.index for chunk in chunks] == list(range(len(chunks)))


def test_neighbouring_chunks_overlap():
    chunks = chunk_document(Document("d", "D", words(100)), size=60, overlap=15)
    assert chunks[0].text.split()[-15:] == chunks[1].text.split()[:15]


def test_short_document_is_one_chunk():
    chunks = chunk_document(Document("d", "Title", "only a few words"))
    assert [(c.doc_id, c.title, c.index, c.text) for c in chunks] == [("d", "Title", 0, "only a few words")]


def test_chunking_rejects_impossible_sizes():
    doc = Document("d", "D", words(10))
    for size, overlap in ((0, 0), (10, 10), (10, -1)):
        with pytest.raises(ValueError):
            chunk_document(doc, size=size, overlap=overlap)


def test_short_focused_chunk_outranks_long_rambling_one():
    focused = Chunk("refunds", "Refunds", 0, "Refunds are issued within 5 business days.")
    rambling = Chunk(
        "news",
        "Company news",
        0,
        "This quarter we opened two warehouses and refunds are now handled by a new team. "
        "The team answers questions about refunds, exchanges, vouchers, loyalty points, "
        "damaged parcels, marketing emails, office moves and refunds for events that are cancelled, "
        "as well as everything else that customers ask our colleagues in the shops.",
    )
    other = Chunk("security", "Security", 0, "Turn on two-factor authentication in settings.")
    results = Retriever([rambling, focused, other]).search("when are refunds issued", k=2)
    assert [r.chunk.doc_id for r in results] == ["refunds", "news"]


def test_scores_are_cosine_similarities():
    chunks = [Chunk("a", "", 0, "gift cards expire"), Chunk("b", "", 0, "gift cards expire " * 5)]
    results = Retriever(chunks).search("gift cards expire", k=2)
    assert [round(r.score, 6) for r in results] == [1.0, 1.0]


def test_search_limits_results_and_skips_unrelated_chunks():
    chunks = [Chunk(str(i), "", 0, f"parcel tracking number {i}") for i in range(5)]
    chunks.append(Chunk("x", "", 0, "password reset link"))
    results = Retriever(chunks).search("parcel tracking", k=3)
    assert len(results) == 3
    assert "x" not in {r.chunk.doc_id for r in results}
    assert Retriever(chunks).search("???") == []


def test_parse_response_joins_all_text_blocks():
    response = {
        "type": "message",
        "content": [{"type": "text", "text": "Refunds take 5 business days. "}, {"type": "text", "text": "See [1]."}],
    }
    assert parse_response(response) == "Refunds take 5 business days. See [1]."


def test_parse_response_skips_non_text_blocks():
    response = {
        "type": "message",
        "content": [
            {"type": "thinking", "thinking": "The refund excerpt answers this.", "signature": "sig"},
            {"type": "text", "text": "Within 5 business days [1]."},
        ],
    }
    assert parse_response(response) == "Within 5 business days [1]."


def test_parse_response_without_text_is_a_pipeline_error():
    for response in (
        {"type": "message", "content": []},
        {"type": "message", "content": [{"type": "tool_use", "id": "t1", "name": "search", "input": {}}]},
        {"type": "message"},
        {"type": "error", "error": {"type": "overloaded_error", "message": "Overloaded"}},
    ):
        with pytest.raises(PipelineError):
            parse_response(response)


def test_request_uses_messages_api_shape():
    context = Retriever([Chunk("refund-policy", "Refund policy", 0, "Refunds take 5 days.")]).search("refunds")
    request = build_request("How long do refunds take?", context)
    assert request["model"].startswith("claude-")
    assert request["max_tokens"] > 0
    assert isinstance(request["system"], str)
    assert [m["role"] for m in request["messages"]] == ["user"]
    content = request["messages"][0]["content"]
    assert "[1] Refund policy" in content
    assert content.rstrip().endswith("Question: How long do refunds take?")


def test_pipeline_answers_with_sources():
    claude = FakeClaude()
    answer = RagPipeline.from_directory(DOCS, claude).answer("How long do refunds take to arrive?")
    assert answer.text == "Refunds take 5 business days [1]."
    assert answer.sources[0] == "refund-policy"
    assert len(answer.sources) == len(set(answer.sources))
    assert len(claude.requests) == 1


def test_pipeline_finds_facts_at_the_end_of_long_documents():
    claude = FakeClaude([{"type": "text", "text": "Yes, for 6 euros [1]."}])
    answer = RagPipeline.from_directory(DOCS, claude).answer("Is Saturday delivery available in Hamburg?")
    assert answer.sources[0] == "shipping"
    assert "Saturday delivery is available" in claude.requests[0]["messages"][0]["content"]


def test_pipeline_finds_facts_in_text_files():
    claude = FakeClaude([{"type": "text", "text": "Three years [1]."}])
    answer = RagPipeline.from_directory(DOCS, claude).answer("Do gift cards expire?")
    assert answer.sources[0] == "orders-and-support"


def test_pipeline_does_not_guess_without_relevant_documents():
    claude = FakeClaude()
    answer = RagPipeline.from_directory(DOCS, claude).answer("zzz qqq")
    assert answer.text == NO_ANSWER
    assert answer.sources == []
    assert claude.requests == []


def test_pipeline_rejects_empty_question():
    with pytest.raises(PipelineError):
        RagPipeline.from_directory(DOCS, FakeClaude()).answer("   ")
