"""Just enough PDF text extraction for WeasyPrint's output, through pyHanko's reader (pypdf is not
a dependency): each font's ToUnicode map decodes the glyph codes of its Tj/TJ strings, in the
order they are drawn. Whitespace is dropped, since WeasyPrint positions words rather than spaces."""
import io
import re

from pyhanko.pdf_utils.reader import PdfFileReader

_TOKENS = re.compile(rb"/([^\s/\[\]<>()]+)\s+[\d.]+\s+Tf|<([0-9a-fA-F]*)>")
_BFCHAR = re.compile(rb"beginbfchar(.*?)endbfchar", re.S)
_BFRANGE = re.compile(rb"beginbfrange(.*?)endbfrange", re.S)
_HEX = re.compile(rb"<([0-9a-fA-F]+)>")


def _utf16(hex_value: bytes) -> str:
    return bytes.fromhex(hex_value.decode()).decode("utf-16-be")


def to_unicode(cmap: bytes) -> dict[int, str]:
    table = {}
    for block in _BFCHAR.findall(cmap):
        values = _HEX.findall(block)
        for code, text in zip(values[::2], values[1::2]):
            table[int(code, 16)] = _utf16(text)
    for block in _BFRANGE.findall(cmap):
        values = _HEX.findall(block)
        for low, high, start in zip(values[::3], values[1::3], values[2::3]):
            first = ord(_utf16(start))
            for offset, code in enumerate(range(int(low, 16), int(high, 16) + 1)):
                table[code] = chr(first + offset)
    return table


def _fonts(page) -> dict[str, tuple[str, dict[int, str]]]:
    fonts = page["/Resources"].get("/Font", {})
    result = {}
    for name, font in fonts.get_object().items():
        font = font.get_object()
        cmap = font["/ToUnicode"].get_object().data if "/ToUnicode" in font else b""
        result[name.lstrip("/")] = (str(font.get("/BaseFont", "")), to_unicode(cmap))
    return result


def _content(page) -> bytes:
    contents = page["/Contents"]
    contents = contents.get_object()
    if isinstance(contents, list):
        return b"\n".join(part.get_object().data for part in contents)
    return contents.data


def pages(data: bytes):
    reader = PdfFileReader(io.BytesIO(data), strict=False)
    kids = [reader.root["/Pages"]]
    while kids:
        node = kids.pop(0).get_object()
        if node["/Type"] == "/Pages":
            kids[:0] = list(node["/Kids"])
        else:
            yield node


def page_texts(data: bytes) -> list[str]:
    texts = []
    for page in pages(data):
        fonts = _fonts(page)
        table, out = {}, []
        for font_name, hex_string in _TOKENS.findall(_content(page)):
            if font_name:
                table = fonts.get(font_name.decode(), ("", {}))[1]
                continue
            codes = bytes.fromhex(hex_string.decode()) if hex_string else b""
            out.extend(table.get(int.from_bytes(codes[i:i + 2], "big"), "\ufffd") for i in range(0, len(codes), 2))
        texts.append("".join(c for c in "".join(out) if not c.isspace()))
    return texts


def font_names(data: bytes) -> set[str]:
    return {base for page in pages(data) for base, _table in _fonts(page).values()}


def squeeze(text: str) -> str:
    return "".join(c for c in text if not c.isspace())
