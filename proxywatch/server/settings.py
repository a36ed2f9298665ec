"""Server settings: where to bind, the write token, and the limits on requests and pages."""
from __future__ import annotations

import os
from dataclasses import dataclass, field

LOOPBACK = "127.0.0.1"
TOKEN_ENV = "PROXYWATCH_TOKEN"


@dataclass(frozen=True)
class Settings:
    host: str = LOOPBACK
    port: int = 8765
    #: write endpoints (storing extractions, merge/split) are refused unless a token is set
    token: str | None = None
    max_body_bytes: int = 2_000_000
    default_page: int = 50
    max_page: int = 1000
    #: Host headers accepted (DNS-rebinding guard); the bound host is always added
    allowed_hosts: tuple[str, ...] = field(default=("127.0.0.1", "localhost", "::1"))

    @classmethod
    def from_env(cls, host: str = LOOPBACK, port: int = 8765, token: str | None = None) -> Settings:
        """Settings for ``proxywatch serve``; the token may come from $PROXYWATCH_TOKEN."""
        return cls(host=host, port=port, token=token or os.environ.get(TOKEN_ENV) or None)

    @property
    def read_only(self) -> bool:
        return not self.token

    def hosts(self) -> list[str]:
        hosts = list(self.allowed_hosts)
        if self.host not in hosts and self.host not in ("0.0.0.0", "::"):
            hosts.append(self.host)
        if self.host in ("0.0.0.0", "::"):
            # bound to every interface on purpose: any Host header may reach it
            return ["*"]
        return hosts
