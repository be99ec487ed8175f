"""Tests you can run from the IDE. More tests run when you submit.

No test calls the real Claude API: `FakeClaude` returns canned Messages API responses.
"""

from pathlib import Path

from solution import (
    NO_ANSWER,
    Chunk,
    Document,
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


def test_title_comes_from_markdown_heading():
    docs = {doc.doc_id: doc for doc in load_documents(DOCS)}
    assert docs["refund-policy"].title == "Refund policy"
    assert not docs["refund-policy"].text.startswith("#")


def test_chunks_cover_the_end_of_a_document():
    doc = Document("d", "D", words(100))
    covered = {word for chunk in chunk_document(doc, size=60, overlap=15) for word in chunk.text.split()}
    assert covered == set(doc.text.split())


def test_neighbouring_chunks_overlap():
    chunks = chunk_document(Document("d", "D", words(100)), size=60, overlap=15)
    assert chunks[0].text.split()[-15:] == chunks[1].text.split()[:15]


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


def test_parse_response_joins_all_text_blocks():
    response = {
        "type": "message",
        "content": [{"type": "text", "text": "Refunds take 5 business days. "}, {"type": "text", "text": "See [1]."}],
    }
    assert parse_response(response) == "Refunds take 5 business days. See [1]."


def test_request_uses_messages_api_shape():
    context = Retriever([Chunk("refund-policy", "Refund policy", 0, "Refunds take 5 days.")]).search("refunds")
    request = build_request("How long do refunds take?", context)
    assert request["model"].startswith("claude-")
    assert isinstance(request["system"], str)
    assert [m["role"] for m in request["messages"]] == ["user"]
    assert "[1] Refund policy" in request["messages"][0]["content"]


def test_pipeline_answers_with_sources():
    claude = FakeClaude()
    answer = RagPipeline.from_directory(DOCS, claude).answer("How long do refunds take to arrive?")
    assert answer.text == "Refunds take 5 business days [1]."
    assert answer.sources[0] == "refund-policy"
    assert len(claude.requests) == 1


def test_pipeline_does_not_guess_without_relevant_documents():
    claude = FakeClaude()
    answer = RagPipeline.from_directory(DOCS, claude).answer("zzz qqq")
    assert answer.text == NO_ANSWER
    assert claude.requests == []
