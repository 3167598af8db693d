"""Long descriptions: words far into a caption are searchable, a gigantic one stays bounded."""

from __future__ import annotations

import io
import time
from pathlib import Path

from PIL import Image, PngImagePlugin

import clipview
from clipview.core.media.words import MAX_TEXT, MAX_XMP, photo_words
from tests.helpers.synthetic_bundle import colour_photo

_RDF = "http://www.w3.org/1999/02/22-rdf-syntax-ns#"


def xmp_packet(description: str, title: str = "holiday") -> str:
    return (f'<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="{_RDF}">'
            '<rdf:Description rdf:about="" xmlns:dc="http://purl.org/dc/elements/1.1/">'
            f'<dc:title><rdf:Alt><rdf:li xml:lang="x-default">{title}</rdf:li></rdf:Alt>'
            '</dc:title><dc:description><rdf:Alt><rdf:li xml:lang="x-default">'
            f'{description}</rdf:li></rdf:Alt></dc:description></rdf:Description>'
            '</rdf:RDF></x:xmpmeta>')


def filler(characters: int) -> str:
    """Plain words ("lorem ipsum …") of about ``characters`` characters."""
    return ("lorem ipsum dolor sit amet " * (characters // 27 + 1))[:characters]


def test_a_word_ten_thousand_characters_into_a_description_is_found(
        tmp_path: Path, colour_bundle: Path) -> None:
    photos = tmp_path / "photos"
    described = colour_photo(photos / "described.jpg", "grey", seed=1)
    colour_photo(photos / "other.jpg", "grey", seed=2)
    text = filler(10_000) + " zanzibar " + filler(2_000)
    Image.open(described).save(described, "JPEG", xmp=xmp_packet(text).encode())
    assert text.index("zanzibar") >= 10_000
    lib = clipview.open_library(tmp_path / "home", colour_bundle, device="cpu")
    try:
        lib.add_folder(photos)
        for _ in lib.index():
            pass
        results = lib.search("zanzibar", 2)
        assert Path(results[0].path).name == "described.jpg"
        assert results[0].text_match == (("caption", ("zanzibar",)),)
        assert results[1].text_match is None
    finally:
        lib.close()


def test_a_gigantic_xmp_description_stays_bounded() -> None:
    early = filler(20_000) + " kilimanjaro "
    late = " " + filler(MAX_XMP) + " timbuktu"
    info = PngImagePlugin.PngInfo()
    info.add_itxt("XML:com.adobe.xmp", xmp_packet(early + filler(5_000_000) + late),
                  zip=False)
    buffer = io.BytesIO()
    Image.new("RGB", (16, 16)).save(buffer, "PNG", pnginfo=info)
    data = buffer.getvalue()
    assert len(data) > 5_000_000
    started = time.monotonic()
    words = photo_words(data, "big.png")
    assert time.monotonic() - started < 5.0
    assert len(words.caption) <= MAX_TEXT
    assert words.caption.startswith("holiday lorem ipsum")
    assert "kilimanjaro" in words.caption          # 20 000 characters in: kept
    assert "timbuktu" not in words.caption         # beyond what is read: left out
    assert not words.caption.endswith(" ")


def test_a_packet_cut_inside_the_description_keeps_what_came_before() -> None:
    text = "fjord " + filler(MAX_XMP)     # the packet is cut inside this element
    buffer = io.BytesIO()
    info = PngImagePlugin.PngInfo()
    info.add_itxt("XML:com.adobe.xmp", xmp_packet(text), zip=False)
    Image.new("RGB", (16, 16)).save(buffer, "PNG", pnginfo=info)
    caption = photo_words(buffer.getvalue(), "cut.png").caption
    assert caption.startswith("holiday fjord lorem")
    assert caption.split()[-1] in ("lorem", "ipsum", "dolor", "sit", "amet")  # whole words
