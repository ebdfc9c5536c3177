"""Read models (DTOs) that cross the service boundary for users."""

from __future__ import annotations

from datetime import datetime

from pydantic import BaseModel, ConfigDict


class UsuarioRead(BaseModel):
    model_config = ConfigDict(from_attributes=True)

    id: int
    email: str
    nome: str
    papel: str
    ativo: bool
    totp_ativo: bool
    criado_em: datetime
    ultimo_login_em: datetime | None = None
    senha_temporaria_ate: datetime | None = None  # an admin reset the password; a new one is due at login
