"""The one-click rejection link: GET shows a confirmation page, only POST rejects.

Mail and link scanners fetch every link they see, so a GET must never change anything. The
token in the path is the only credential; an unknown, altered or expired token gets the same
404 page.
"""

from __future__ import annotations

from html import escape

from starlette.requests import Request
from starlette.responses import HTMLResponse, Response
from starlette.routing import BaseRoute, Route

from server.core.clock import clock
from server.core.errors import NotFound
from tenants.core.text import displayable
from tenants.recipients.links import LinkView, use_link, view_link
from tenants.recipients.rejections import CHANNEL_TYPES

TYPE_WORDS = {"EPOSTA": "e-posta", "MESAJ": "SMS", "ARAMA": "arama"}


def _channel_words(view: LinkView) -> str:
    """The consent types the link withdraws, as the recipient knows them ("SMS ve arama")."""
    types = view.types or CHANNEL_TYPES[view.channel]
    return " ve ".join(TYPE_WORDS[kind] for kind in types)


HEADERS = {
    "cache-control": "no-store",
    "referrer-policy": "no-referrer",
    "x-robots-tag": "noindex",
    "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'",
}


def _page(title: str, body: str, status: int = 200) -> Response:
    html = (
        '<!doctype html><html lang="tr"><head><meta charset="utf-8">'
        '<meta name="viewport" content="width=device-width, initial-scale=1">'
        f"<title>{escape(title)}</title></head>"
        '<body style="font-family:sans-serif;max-width:32rem;margin:3rem auto;padding:0 1rem">'
        f"<h1>{escape(title)}</h1>{body}</body></html>"
    )
    return HTMLResponse(html, status_code=status, headers=HEADERS)


def _missing() -> Response:
    return _page(
        "Bağlantı geçersiz",
        "<p>Bu bağlantı geçersiz ya da süresi dolmuş. İzinlerinizi alıcı sayfasından "
        'yönetebilirsiniz: <a href="/alici">/alici</a></p>',
        404,
    )


def _confirm(view: LinkView) -> Response:
    return _page(
        "İzni geri al",
        f"<p><strong>{escape(displayable(view.brand_name))}</strong> markasının "
        f"<strong>{escape(view.recipient)}</strong> adresine {_channel_words(view)} ile "
        "ticari ileti gönderme iznini geri almak istiyor musunuz?</p>"
        '<form method="post"><button type="submit">Evet, izni geri al</button></form>',
    )


def _done(view: LinkView) -> Response:
    return _page(
        "İzniniz geri alındı",
        f"<p><strong>{escape(displayable(view.brand_name))}</strong> artık "
        f"<strong>{escape(view.recipient)}</strong> adresine {_channel_words(view)} ile "
        "ticari ileti gönderemez.</p>",
    )


async def rejection_link(request: Request) -> Response:
    token = str(request.path_params["token"])
    try:
        if request.method == "POST":
            return _done(await use_link(token, clock.now()))
        return _confirm(await view_link(token, clock.now()))
    except NotFound:
        return _missing()


def recipient_routes() -> list[BaseRoute]:
    # With a trailing slash too (a mail client or a person may add one): the web app's
    # catch-all route would serve it otherwise.
    return [
        Route(path, rejection_link, methods=["GET", "POST"])
        for path in ("/ret/{token}", "/ret/{token}/")
    ]
