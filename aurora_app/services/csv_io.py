"""CSV plumbing for the clientes import/export: decoding, delimiter, headers, Excel safety."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Callable, Iterable, Iterator, Sequence
from typing import Any

from aurora_app.models.base import fold
from aurora_app.models.cliente import CAMPOS_CLIENTE, MAX_DB_INT
from aurora_app.models.lote import MAX_SELECAO
from aurora_app.services.errors import Invalid

# Excel opens this correctly: UTF-8 with BOM, ';' (the pt-BR list separator), CRLF.
BOM = "\ufeff"
DELIMITADOR_EXPORT = ";"

# ``responsavel``: the e-mail of an active user (the import turns it into ``responsavel_id``).
CAMPOS_IMPORT = (*CAMPOS_CLIENTE, "responsavel")
_ALIASES = {
    "responsavel_email": "responsavel",
    "email_responsavel": "responsavel",
    "e_mail_responsavel": "responsavel",
    "email_do_responsavel": "responsavel",
    "e_mail_do_responsavel": "responsavel",
    "vendedor": "responsavel",
    "dono": "responsavel",
    "razao": "razao_social",
    "nome": "razao_social",
    "fantasia": "nome_fantasia",
    "nome_comercial": "nome_fantasia",
    "e_mail": "email",
    "fone": "telefone",
    "tel": "telefone",
    "celular": "telefone",
    "endereco": "logradouro",
    "rua": "logradouro",
    "n": "numero",
    "no": "numero",
    "nro": "numero",
    "cidade": "municipio",
    "estado": "uf",
    "cnae": "cnae_principal",
    "situacao": "situacao_cadastral",
}
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def decodificar(content: bytes) -> str:
    """UTF-8 (with or without BOM); else Windows-1252/Latin-1, what Excel writes in Brazil."""
    try:
        text = content.decode("utf-8-sig")
    except UnicodeDecodeError:
        try:
            text = content.decode("cp1252")
        except UnicodeDecodeError:
            text = content.decode("latin-1")
    return text.replace("\x00", "")


def detectar_delimitador(text: str) -> str:
    """By the header line: the most frequent of ';', ',', tab (ties prefer ';')."""
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in (";", ",", "\t")}
    best = max(counts, key=lambda d: (counts[d], d == ";"))
    return best if counts[best] else ","


def nome_coluna(header: str) -> str | None:
    key = re.sub(r"[^a-z0-9]+", "_", fold(header.strip().lstrip(BOM))).strip("_")
    key = _ALIASES.get(key, key)
    return key if key in CAMPOS_IMPORT else None


def checar_mapeamento(mapeamento: dict[str, str | None] | None) -> dict[str, str | None] | None:
    """A mapping chosen by the user (file column → cliente field, or None/"" to ignore it):
    unknown fields and a field mapped twice are 422s naming ``mapeamento``."""
    if mapeamento is None:
        return None
    if not isinstance(mapeamento, dict) or len(mapeamento) > 200:
        raise Invalid("Mapeamento de colunas inválido.", code="mapeamento_invalido", campo="mapeamento")
    limpo: dict[str, str | None] = {}
    for coluna, campo in mapeamento.items():
        if not isinstance(coluna, str) or len(coluna) > 200 or (campo is not None and not isinstance(campo, str)):
            raise Invalid("Mapeamento de colunas inválido.", code="mapeamento_invalido", campo="mapeamento")
        if campo and campo not in CAMPOS_IMPORT:
            raise Invalid(
                f"Campo desconhecido no mapeamento: {campo[:40]}.", code="mapeamento_invalido", campo="mapeamento"
            )
        limpo[coluna] = campo or None
    usados = [c for c in limpo.values() if c]
    if len(usados) != len(set(usados)):
        raise Invalid("Cada campo pode vir de uma coluna só.", code="mapeamento_invalido", campo="mapeamento")
    return limpo


def ler(
    text: str, mapeamento: dict[str, str | None] | None = None
) -> tuple[list[str | None], list[str], Iterable[tuple[int, list[str]]]]:
    """(column → field or None, raw header, iterator of (line number, cells)).

    Line numbers are the file's own (header = 1), counting quoted multi-line cells correctly.
    ``mapeamento`` (checked by :func:`checar_mapeamento`) overrides the automatic header match
    for the columns it names.
    """
    delim = detectar_delimitador(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delim)
    try:
        header = next(reader)
    except StopIteration:
        return [], [], iter(())
    except csv.Error as exc:
        raise Invalid("Cabeçalho do CSV ilegível.", code="csv_invalido") from exc
    cols = [mapeamento[h] if mapeamento is not None and h in mapeamento else nome_coluna(h) for h in header]

    def rows() -> Iterable[tuple[int, list[str]]]:
        start = reader.line_num + 1
        while True:
            try:
                record = next(reader)
            except StopIteration:
                return
            except csv.Error as exc:  # e.g. a 128 KB cell or a quote never closed
                raise Invalid(
                    f"CSV malformado a partir da linha {start}: corrija o arquivo e envie de novo.", code="csv_invalido"
                ) from exc
            yield start, record
            start = reader.line_num + 1

    return cols, header, rows()


def desarmar(value: str) -> str:
    """Undo the export's formula guard so an exported file imports back unchanged."""
    if len(value) > 1 and value[0] == "'" and value[1] in _FORMULA_START:
        return value[1:]
    return value


def celula(value: object) -> str:
    """A cell that spreadsheets show as text, never run as a formula (CSV injection)."""
    if value is None:
        return ""
    text = str(value)
    if text.startswith(_FORMULA_START):
        return "'" + text
    return text


def linhas(rows: Iterable[Iterable[object]]) -> str:
    buf = io.StringIO()
    writer = csv.writer(buf, delimiter=DELIMITADOR_EXPORT, lineterminator="\r\n", quoting=csv.QUOTE_MINIMAL)
    for row in rows:
        writer.writerow([celula(v) for v in row])
    return buf.getvalue()


EXPORT_LOTE = 1000  # rows read per query while an export streams


def exportar(
    cabecalho: Sequence[str], pagina: Callable[[str | None, int], tuple[Sequence[Sequence[Any]], str | None]]
) -> Iterator[str]:
    """An export for Excel (BOM, ';', CRLF) in chunks: the header, then ``pagina(cursor, n)``
    (at most ``n`` rows as cells, and the cursor of the next page, or None) until the last page
    — the rows are read page by page (keyset), never all at once."""
    yield BOM + linhas([cabecalho])
    cursor: str | None = None
    while True:
        rows, cursor = pagina(cursor, EXPORT_LOTE)
        if rows:
            yield linhas(rows)
        if not cursor:
            return


def selecao(ids: Sequence[Any] | None) -> list[int] | None:
    """The ids of an export of selected rows: whole numbers, at most ``MAX_SELECAO`` (else a 422)."""
    if ids is None:
        return None
    if (
        not isinstance(ids, list | tuple)
        or not 1 <= len(ids) <= MAX_SELECAO
        or not all(isinstance(i, int) and not isinstance(i, bool) and 1 <= i <= MAX_DB_INT for i in ids)
    ):
        raise Invalid(f"Seleção inválida: envie de 1 a {MAX_SELECAO} ids.", code="selecao_invalida", campo="ids")
    return list(dict.fromkeys(ids))
