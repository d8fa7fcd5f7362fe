from search import highlight, text


def test_marks_matches_and_escapes(lexicon):
    tokens = text.compile_query("环评", lexicon).all_tokens
    html = highlight.mark("<script>alert(1)</script>建设项目环境影响评价报告书", tokens)
    assert html == "&lt;script&gt;alert(1)&lt;/script&gt;建设项目<mark>环境影响评价</mark>报告书"
    assert "<script>" not in highlight.mark("<script>", set())


def test_overlapping_bigrams_make_one_mark():
    assert highlight.mark("某环境影响评价", {"环境", "境影", "影响"}) == "某<mark>环境影响</mark>评价"


def test_marks_the_text_as_written():
    assert highlight.mark("建設項目環境影響評價", {"环境影响评价"}) == "建設項目<mark>環境影響評價</mark>"
    assert highlight.mark("ＨＵＡＮ ping", {"huan", "ping"}) == "<mark>ＨＵＡＮ</mark> <mark>ping</mark>"


def test_a_code_token_marks_the_code_with_its_dashes():
    assert highlight.mark("编码 ZJ-HJ-001。", {"zjhj001"}) == "编码 <mark>ZJ-HJ-001</mark>。"


def test_latin_tokens_mark_whole_runs_only():
    assert highlight.mark("php hp", {"hp"}) == "php <mark>hp</mark>"


def test_no_tokens_or_no_text():
    assert highlight.mark("a<b", ()) == "a&lt;b"
    assert highlight.mark("", {"a"}) == "" and highlight.mark(None, {"a"}) == ""


def test_excerpt_keeps_a_short_text_whole():
    assert highlight.excerpt("短文本", {"x"}) == "短文本"


def test_excerpt_starts_at_the_beginning_when_the_match_is_near():
    value = "环评" + "后" * 300
    assert highlight.excerpt(value, {"环评"}, length=50) == value[:50] + "…"


def test_excerpt_is_a_window_around_the_first_match():
    value = "前" * 300 + "环境影响评价" + "后" * 300
    cut = highlight.excerpt(value, {"环境影响评价"}, length=60)
    assert cut.startswith("…") and cut.endswith("…") and "环境影响评价" in cut
    assert len(cut) == 62 and cut.index("环境影响评价") == 1 + 15


def test_excerpt_without_a_match_is_the_start():
    assert highlight.excerpt("甲" * 200, {"乙"}, length=10) == "甲" * 10 + "…"


def test_excerpt_at_the_end():
    value = "前" * 300 + "环评"
    cut = highlight.excerpt(value, {"环评"}, length=40)
    assert cut.endswith("环评") and cut.startswith("…") and len(cut) == 41
