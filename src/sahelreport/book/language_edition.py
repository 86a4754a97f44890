"""The book's language editions: English (the master text) and French (translated through gettext catalogues).

Each edition executes the notebooks with its own language (`SAHELREPORT_LANG`, so figures and tables are
drawn in it) into its own execution cache, and builds its own HTML and PDF in its own work folders. The
English HTML book is published at `_build/html/`, the French one at `_build/html/fr/`.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import yaml

from sahelreport import paths
from sahelreport.language import LANGUAGE_ENV


@dataclass(frozen=True)
class LanguageEdition:
    """One language of the book and where its build lives."""

    code: str
    pdf_name: str
    title: str = ""  # the book's title in this language ('' for the master: the one in _config.yml)
    author: str = ""  # likewise
    copyright: str = ""
    part_captions: tuple[tuple[str, str], ...] = ()  # the table of contents' part captions: (English, translation)
    code_prompts: tuple[str, str] = ("", "")  # MyST-NB's "Show code cell source" and "Hide code cell source"

    @property
    def master(self) -> bool:
        return self.code == "en"

    def cache(self, where: paths.Paths) -> Path:
        return where.cache if self.master else where.build / f".jupyter_cache-{self.code}"

    def work(self, where: paths.Paths, builder: str) -> Path:
        return where.work / (builder if self.master else f"{self.code}-{builder}")

    def pdf(self, where: paths.Paths) -> Path:
        return where.pdf.parent / self.pdf_name

    def html_subfolder(self) -> str:
        """Where this edition's pages sit in the published site ('' for the master, else the language code)."""
        return "" if self.master else self.code

    def log(self, where: paths.Paths, builder: str) -> Path:
        return where.build / (f"{builder}.log" if self.master else f"{self.code}-{builder}.log")

    def kernel_environment(self) -> dict[str, str]:
        return {LANGUAGE_ENV: self.code}

    def compiled_locales(self, where: paths.Paths) -> Path:
        """The .mo files compiled from the edition's catalogues for Sphinx (never written into the sources)."""
        return where.build / "locales"

    def config(self, where: paths.Paths) -> Path | None:
        """The Jupyter Book configuration of this edition: None for the master (the project's _config.yml),
        else _config.yml with the language's settings, written under _build/work."""
        if self.master:
            return None
        settings: dict[str, Any] = yaml.safe_load((where.root / "_config.yml").read_text(encoding="utf-8"))
        settings.update({"title": self.title, "author": self.author, "copyright": self.copyright})
        settings["execute"]["cache"] = str(self.cache(where).relative_to(where.root))
        sphinx = settings["sphinx"]["config"]
        sphinx["language"] = self.code
        sphinx["locale_dirs"] = [str(self.compiled_locales(where))]
        sphinx["nb_code_prompt_show"], sphinx["nb_code_prompt_hide"] = self.code_prompts
        out = where.work / self.code / "_config.yml"
        out.parent.mkdir(parents=True, exist_ok=True)
        text = yaml.safe_dump(settings, sort_keys=False, allow_unicode=True)
        if not out.is_file() or out.read_text(encoding="utf-8") != text:
            out.write_text(text, encoding="utf-8")
        return out


    def toc(self, where: paths.Paths) -> Path | None:
        """The table of contents of this edition's HTML: None for the master, else _toc.yml with the part captions
        translated (an untranslated caption is an error naming it)."""
        if self.master:
            return None
        from sahelreport.book import toc

        contents = toc.read(where.root)
        captions = dict(self.part_captions)
        for part in contents.get("parts", []):
            if part["caption"] not in captions:
                raise KeyError(f"_toc.yml: part caption {part['caption']!r} has no {self.code} translation "
                               f"(sahelreport.book.language_edition)")
            part["caption"] = captions[part["caption"]]
        out = where.work / self.code / "_toc.yml"
        out.parent.mkdir(parents=True, exist_ok=True)
        out.write_text(yaml.safe_dump(contents, sort_keys=False, allow_unicode=True), encoding="utf-8")
        return out


ENGLISH = LanguageEdition("en", paths.PDF_NAME)
FRENCH = LanguageEdition("fr", "sahel-report-fr.pdf", "Sahel Report : le Mali, l’Algérie et la rivalité Sahel–Maghreb",
                         "Les contributeurs du Sahel Report", "2026. Texte et données CC BY 4.0 ; code MIT",
                         (("The report", "Le rapport"), ("Appendices", "Annexes")),
                         ("Afficher le code de la cellule ({type})", "Masquer le code de la cellule ({type})"))
EDITIONS = (ENGLISH, FRENCH)
TRANSLATIONS = (FRENCH,)


def edition(code: str) -> LanguageEdition:
    """The edition of a language code; a KeyError lists the codes there are."""
    for candidate in EDITIONS:
        if candidate.code == code:
            return candidate
    raise KeyError(f"no edition in {code!r}; editions: {', '.join(e.code for e in EDITIONS)}")
