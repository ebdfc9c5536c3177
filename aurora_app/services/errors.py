"""Domain errors: services raise these; entry points map them once (HTTP status / toast)."""

from __future__ import annotations

from typing import Any, ClassVar


class DomainError(Exception):
    """Base of every rule violation a user can cause. ``detail`` is pt-BR, fit to show."""

    status: ClassVar[int] = 400
    default_code: ClassVar[str] = "requisicao_invalida"

    def __init__(
        self,
        detail: str,
        *,
        code: str | None = None,
        extra: dict[str, Any] | None = None,
        headers: dict[str, str] | None = None,
        campo: str | None = None,
    ) -> None:
        super().__init__(detail)
        self.detail = detail
        self.code = code or self.default_code
        self.extra = extra or {}
        if campo:  # the input the error is about: the UI marks it, an API client reads ``campo``
            self.extra["campo"] = campo
        self.headers = headers or {}

    def as_body(self) -> dict[str, Any]:
        return {"detail": self.detail, "code": self.code, **self.extra}


class Invalid(DomainError):
    status = 422
    default_code = "dados_invalidos"


class BadRequest(DomainError):
    status = 400
    default_code = "requisicao_invalida"


class Unauthorized(DomainError):
    status = 401
    default_code = "nao_autenticado"


class Forbidden(DomainError):
    status = 403
    default_code = "sem_permissao"


class NotFound(DomainError):
    status = 404
    default_code = "nao_encontrado"


class Conflict(DomainError):
    status = 409
    default_code = "conflito"


class TooManyRequests(DomainError):
    status = 429
    default_code = "muitas_tentativas"

    def __init__(self, detail: str, *, retry_after: int, code: str | None = None) -> None:
        super().__init__(detail, code=code, headers={"Retry-After": str(retry_after)})
        self.retry_after = retry_after


class Unavailable(DomainError):
    status = 503
    default_code = "servico_indisponivel"

    def __init__(self, detail: str, *, retry_after: int | None = None, code: str | None = None) -> None:
        headers = {"Retry-After": str(retry_after)} if retry_after else {}
        super().__init__(detail, code=code, headers=headers)
        self.retry_after = retry_after
