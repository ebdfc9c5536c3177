"""Who is calling: built by the auth service from a valid token, passed to every service."""

from __future__ import annotations

from dataclasses import dataclass

from aurora_app.models import Papel


@dataclass(frozen=True)
class Actor:
    id: int
    email: str
    nome: str
    papel: str
    amr: tuple[str, ...] = ("pwd",)
    jti: str | None = None

    @property
    def is_admin(self) -> bool:
        return self.papel == Papel.admin

    @property
    def sees_everything(self) -> bool:
        """Gerente and admin read and edit every cliente and lead (SPEC §3)."""
        return self.papel in (Papel.admin, Papel.gerente)

    @property
    def passed_2fa(self) -> bool:
        return "otp" in self.amr
