"""Password policy: at least 8 characters, long ones welcome (never truncated), common ones refused."""

from __future__ import annotations

from aurora_app.services.errors import Invalid

MIN_LENGTH = 8
MAX_LENGTH = 1024  # argon2 hashes any length; this only bounds the work an attacker can ask for

# A short list of the most common passwords (from public breach top lists), lower-cased.
COMMON_PASSWORDS = frozenset(
    """
    12345678 123456789 1234567890 password password1 password123 qwerty123 qwertyuiop 11111111
    00000000 12341234 87654321 iloveyou princess sunshine football baseball welcome welcome1
    admin123 administrator letmein1 abc12345 abcd1234 1q2w3e4r 1qaz2wsx zaq12wsx passw0rd
    senha123 senha1234 mudar123 mudarsenha brasil123 aurora123 aurora2026 trocar123 12345678910
    q1w2e3r4 asdfghjk asdf1234 superman dragon123 monkey123 master123 changeme changeme1
    """.split()
)


def check_password_policy(password: str, *, email: str | None = None) -> None:
    if not isinstance(password, str) or len(password) < MIN_LENGTH:
        raise Invalid(f"A senha precisa ter pelo menos {MIN_LENGTH} caracteres.", code="senha_fraca")
    if len(password) > MAX_LENGTH:
        raise Invalid(f"A senha pode ter no máximo {MAX_LENGTH} caracteres.", code="senha_fraca")
    lowered = password.lower()
    if lowered in COMMON_PASSWORDS or len(set(password)) == 1:
        raise Invalid("Esta senha é comum demais. Escolha outra, de preferência uma frase.", code="senha_fraca")
    if email and lowered == email.lower():
        raise Invalid("A senha não pode ser igual ao e-mail.", code="senha_fraca")
