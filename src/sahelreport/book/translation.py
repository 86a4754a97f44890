"""Sphinx side of the translated editions (Sphinx's gettext workflow, with MyST-NB notebooks).

- Only the prose of the chapters is a message: what code writes into a page (the tables a notebook glues
  with {glue:md}) comes out of the notebook already in the edition's language, so it is kept out of
  the catalogues and never replaced by a translation made for another execution.
- Figure alt texts are messages (Sphinx translates an image's alt text, but its gettext builder misses the
  images MyST-NB selects from a notebook output, so they are added to the catalogue here).
- A translated paragraph is parsed again without its notebook: its {glue:text} roles become references to
  the notebook's glue data, resolved after reading, as MyST-NB does for another document's values.
- In a French edition, a glued number takes French form (1 234,5) and the `{en}` role marks English text
  (data with no French column) as English: `lang="en"` in HTML, `\\foreignlanguage{english}` in LaTeX.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from docutils import nodes
from docutils.transforms import Transform
from myst_nb.ext.glue.directives import PasteMarkdownDirective
from myst_nb.ext.glue.roles import PasteTextRole
from sphinx.application import Sphinx
from sphinx.transforms.post_transforms import SphinxPostTransform
from sphinx.util.docutils import SphinxRole

from sahelreport.language import NARROW_NBSP, french_digits

TRANSLATED_SOURCE = "<translated>"  # the suffix Sphinx gives the source of a translated message


def _not_messages(tree: nodes.Node) -> None:
    """Mark the text blocks under `tree` as no messages. Inline nodes are never messages, and are left unmarked:
    Sphinx removes every inline that carries a `translatable` attribute (its i18n placeholders)."""
    for element in tree.findall(nodes.TextElement):
        if not isinstance(element, nodes.Inline):
            element["translatable"] = False


class UntranslatedMarkdown(PasteMarkdownDirective):
    """{glue:md}: the pasted Markdown is the notebook's own output, never a message of the catalogue."""

    def run(self) -> list[nodes.Node]:
        pasted = super().run()
        for node in pasted:
            _not_messages(node)
        return pasted


class OutputsAreNotMessages(Transform):
    """What a notebook cell displays (a table it prints, say) is that execution's output: not a message."""

    default_priority = 15  # before Sphinx's Locale transform (20) and its message extraction

    def apply(self, **kwargs: Any) -> None:
        for output in self.document.findall(nodes.container):
            if output.get("nb_element") == "cell_code_output":
                _not_messages(output)


class TranslatableGlueText(PasteTextRole):
    """{glue:text}: in a translated message, a reference to the glue data of the notebook being read."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        text = str(self.text)  # type: ignore[has-type]
        if self.document.current_source.endswith(TRANSLATED_SOURCE) and "::" not in text:
            env = self.document.settings.env
            spec = "" if ":" in text else ":s"  # MyST-NB reads the last ':' of a `doc::key` as the format's start
            self.text = f"{Path(env.doc2path(env.docname)).name}::{text}{spec}"
        return super().run()


class LanguageSpan(nodes.inline):
    """An inline in another language than the page's (its `lang` attribute)."""


class English(SphinxRole):
    """{en}`text`: a span of English in a page of another language (lang="en")."""

    def run(self) -> tuple[list[nodes.Node], list[nodes.system_message]]:
        node = LanguageSpan(self.rawtext, self.text.strip(), lang="en")  # language.english pads a text in backticks
        self.set_source_info(node)
        return [node], []


THOUSANDS = re.compile(r"^-?\d{1,3}(,\d{3})*(\.\d+)?$")


def french_number(text: str) -> str:
    """A glued number (`1,234.5`) in French form (`1 234,5`); any other glued text unchanged."""
    return french_digits(text) if THOUSANDS.match(text) else text


class FrenchNumbers(SphinxPostTransform):
    """Glued numbers in the French form: narrow no-break space between thousands, decimal comma."""

    default_priority = 10  # after MyST-NB's glue references (5) are resolved

    def run(self, **kwargs: Any) -> None:
        if self.config.language != "fr":
            return
        for node in list(self.document.findall(nodes.inline)):
            if "pasted-text" in node["classes"]:
                text = french_number(node.astext())
                node.replace(node[0], nodes.Text(text))


NBSP = "\u00a0"
FRENCH_SPACING = (  # French typography: the spaces of high punctuation and guillemets do not break
    (re.compile(r"[ \u00a0\u202f]+([;!?%])"), NARROW_NBSP + r"\1"),
    (re.compile(r"[ \u00a0\u202f]+:(?=\s|$)"), NBSP + ":"),
    (re.compile(r"«[ \u00a0\u202f]*"), "«" + NBSP),
    (re.compile(r"[ \u00a0\u202f]*»"), NBSP + "»"),
)
VERBATIM = (nodes.literal, nodes.literal_block, nodes.raw, nodes.math, nodes.math_block, nodes.reference)


def french_spacing(text: str) -> str:
    """French spaces: narrow no-break before ; ! ? %, no-break before a colon and inside « »."""
    for pattern, replacement in FRENCH_SPACING:
        text = pattern.sub(replacement, text)
    return text


class FrenchSpacing(SphinxPostTransform):
    """The French edition's spaces (`french_spacing`) in every text but code, maths, addresses and English spans."""

    default_priority = 11  # after the glued numbers take French form

    def run(self, **kwargs: Any) -> None:
        if self.config.language != "fr":
            return
        for text in list(self.document.findall(nodes.Text)):
            parent = text.parent
            if parent is None or any(isinstance(a, VERBATIM) or a.get("lang") == "en" for a in _ancestors(parent)):
                continue
            spaced = french_spacing(str(text))
            if spaced != str(text):
                parent.replace(text, nodes.Text(spaced))


APOSTROPHE = re.compile(r"(?<=\w)'")


def french_apostrophes(text: str) -> str:
    """A straight quote after a letter as the typographic apostrophe (l'Azawad → l’Azawad)."""
    return APOSTROPHE.sub("\u2019", text)


class FrenchApostrophes(Transform):
    """A straight quote after a letter is an apostrophe (d'« Azawad », l'{term}`…`): typographic before Sphinx's
    smart quotes, which would read one that ends a text, before a link or a quotation mark, as a closing quote."""

    default_priority = 740  # after the Locale transform (20) put the translation in, before SmartQuotes (750)

    def apply(self, **kwargs: Any) -> None:
        if self.document.settings.env.config.language != "fr":
            return
        for text in list(self.document.findall(nodes.Text)):
            parent = text.parent
            if parent is None or any(isinstance(a, VERBATIM) for a in _ancestors(parent)):
                continue
            typographic = french_apostrophes(str(text))
            if typographic != str(text):
                parent.replace(text, nodes.Text(typographic))


def _ancestors(node: nodes.Element) -> list[nodes.Element]:
    found = []
    current: nodes.Node | None = node
    while isinstance(current, nodes.Element):
        found.append(current)
        current = current.parent
    return found


def _alt_texts_into_catalogue(app: Sphinx, doctree: nodes.document) -> None:
    """The gettext builder reads images after MyST-NB picked one per output, and skips nodes without the id
    that Sphinx gives only later; take the alt texts from the doctree as read."""
    if app.builder.name != "gettext":
        return
    from sphinx.builders.gettext import docname_to_domain

    catalogue = app.builder.catalogs[docname_to_domain(app.env.docname, app.config.gettext_compact)]  # type: ignore[attr-defined]
    for image in doctree.findall(nodes.image):
        if image.get("alt"):
            image.uid = getattr(image, "uid", "")  # type: ignore[attr-defined]  # the catalogue keeps only nodes with an id (none is shown)
            catalogue.add(image["alt"], image)


def _rehome_translated_nodes(app: Sphinx, doctree: nodes.document) -> None:
    """The nodes of a translated message were parsed in a document of their own (Sphinx's i18n transform), and
    still name it as theirs: pickling the page's doctree then pickled that document too, with the whole build
    environment in its settings (1.5 MB in every French doctree, read back at every page Sphinx writes).
    Make each node name the page's document, as a node parsed with the page does."""
    for node in doctree.findall():
        if node.__dict__.get("_document") not in (None, doctree):
            node.document = doctree


def _visit_lang_html(self: Any, node: nodes.inline) -> None:
    self.body.append(self.starttag(node, "span", "", lang=node["lang"]))


def _depart_lang_html(self: Any, node: nodes.inline) -> None:
    self.body.append("</span>")


LANGUAGE_NAMES = {"en": "english", "fr": "french"}


def _visit_lang_latex(self: Any, node: nodes.inline) -> None:
    self.body.append("\\foreignlanguage{" + LANGUAGE_NAMES[node["lang"]] + "}{")


def _depart_lang_latex(self: Any, node: nodes.inline) -> None:
    self.body.append("}")


# The texts of the book's own templates (_templates/), by language: the page furniture around the chapters.
INTERFACE = {
    "en": {
        "pdf_file": "sahel-report.pdf", "pdf_link": "Download the PDF", "pdf_title": "The whole report as an A4 PDF",
        "brief_link": "Download the brief", "brief_lang": "",
        "brief_title": "The policy brief: key findings, a map, a chart and what to watch, on four A4 pages",
        "notebook_link": "This chapter as a notebook (.ipynb)",
        "notebook_title": "This chapter as a Jupyter notebook, executed, with its figures",
        "languages": "This page in another language", "name": "English",
        "notice": "",
    },
    "fr": {
        "pdf_file": "sahel-report-fr.pdf", "pdf_link": "Télécharger le PDF",
        "pdf_title": "Le rapport entier, PDF au format A4",
        "brief_link": "Télécharger la note de synthèse (en anglais)", "brief_lang": "en",
        "brief_title": "La note de synthèse, en anglais\u00a0: constats, une carte, un graphique et les points à suivre, "
                       "sur quatre pages A4",
        "notebook_link": "Ce chapitre en notebook (.ipynb)",
        "notebook_title": "Ce chapitre en notebook Jupyter, exécuté, avec ses figures",
        "languages": "Cette page dans une autre langue", "name": "Français",
        "notice": "Traduction en cours\u00a0: {translated} des {total} passages de cette page sont traduits\u202f; "
                  "les autres sont donnés dans l’original anglais.",
    },
}
MASTER = "en"
TRANSLATED = ("fr",)


def _page_languages(app: Sphinx, pagename: str, templatename: str, context: dict, doctree: Any) -> None:
    """The interface texts of the page's language, links to the same page in the other editions, and the
    notice on a page whose catalogue is not fully translated."""
    language = app.config.language if app.config.language in INTERFACE else MASTER
    context["sahel_text"] = INTERFACE[language]
    up = "../" * pagename.count("/")
    master_root = up if language == MASTER else up + "../"
    context["sahel_brief_href"] = master_root + "sahel-report-brief.pdf"
    hrefs = {MASTER: f"{master_root}{pagename}.html", **{code: f"{master_root}{code}/{pagename}.html"
                                                         for code in TRANSLATED}}
    context["sahel_languages"] = [{"code": code, "label": INTERFACE[code]["name"], "href": href}
                                  for code, href in hrefs.items() if code != language]
    context["metatags"] = context.get("metatags", "") + "".join(
        f'\n<link rel="alternate" hreflang="{code}" href="{href}">' for code, href in hrefs.items() if code != language)
    context["sahel_translation_notice"] = _notice(app, pagename, language)


def _notice(app: Sphinx, pagename: str, language: str) -> str:
    if language == MASTER or not app.config.locale_dirs:
        return ""
    from sahelreport.book.catalogues import completeness, read_catalogue

    catalogue = Path(app.config.locale_dirs[0]) / language / "LC_MESSAGES" / f"{pagename}.po"
    if not catalogue.is_file():
        return ""
    counted = completeness(pagename, read_catalogue(catalogue))
    if counted.share == 1.0:
        return ""
    return INTERFACE[language]["notice"].format(translated=counted.translated, total=counted.total)


def setup(app: Sphinx) -> dict[str, Any]:
    app.add_directive_to_domain("glue", "md", UntranslatedMarkdown, override=True)  # MyST-NB's glue domain
    app.add_role_to_domain("glue", "text", TranslatableGlueText(), override=True)
    app.add_role("en", English())
    app.add_node(LanguageSpan, html=(_visit_lang_html, _depart_lang_html),
                 latex=(_visit_lang_latex, _depart_lang_latex))
    app.add_transform(OutputsAreNotMessages)
    app.add_transform(FrenchApostrophes)
    app.add_post_transform(FrenchNumbers)
    app.add_post_transform(FrenchSpacing)
    app.connect("doctree-read", _alt_texts_into_catalogue)
    app.connect("doctree-read", _rehome_translated_nodes, priority=900)  # after every transform moved its nodes
    app.connect("html-page-context", _page_languages)
    return {"parallel_read_safe": True, "parallel_write_safe": True}
