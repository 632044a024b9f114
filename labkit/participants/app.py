"""The participant app: Starlette routes for participants' phones, the facilitator and the projector.

Pages are Jinja2 templates with autoescaping (every text a person typed is shown as text) and work
without JavaScript; forms post back and are answered with a redirect only after the journal committed.
"""

from __future__ import annotations

import contextvars
import io
import secrets
from pathlib import Path
from urllib.parse import parse_qsl, quote

import jinja2
import pandas as pd
import segno
from itsdangerous import BadSignature, URLSafeSerializer
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.exceptions import HTTPException
from starlette.middleware import Middleware
from starlette.middleware.sessions import SessionMiddleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.requests import Request
from starlette.responses import HTMLResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.templating import Jinja2Templates

from labkit.capture.kinds.common import AGE_BANDS, ROLES
from labkit.capture.kinds.room import ACTIVITIES
from labkit.capture.records import MAX_TEXT
from labkit.errors import CaptureError
from labkit.participants.keys import normalise_code
from labkit.participants.room import LOG, STATE_TTL, Room, valid_key
from labkit.participants.security import HEADERS, BodyLimit, RateLimiter, SecurityHeaders, csrf_ok, csrf_token
from labkit.participants.text import ACTIVITY_LABELS, ACTIVITY_PAGES, ROLE_LABELS, TEXT
from labkit.terms import term

HERE = Path(__file__).parent
#: Longest pseudonym accepted.
MAX_PSEUDONYM = 40
#: Longest criterion the facilitator may set.
MAX_CRITERION = 200
#: The pages a language switch may lead back to.
PAGES = frozenset(
    (
        "/",
        "/join",
        "/about",
        "/ideas",
        "/yes-and",
        "/score",
        "/dots",
        "/statements",
        "/facilitator",
        "/facilitator/live",
        "/projector",
    )
)
#: Name of the session cookie.
COOKIE = "labkit_deltagare"


async def posted(request: Request) -> dict[str, str]:
    """The posted form's text fields, parsed once per request (an urlencoded body directly, else by
    Starlette)."""
    form = request.scope.get("labkit.form")
    if form is None:
        kind = request.headers.get("content-type", "").split(";")[0].strip().lower()
        if kind == "application/x-www-form-urlencoded":
            body = (await request.body()).decode("utf-8", "replace")
            form = dict(parse_qsl(body, keep_blank_values=True))
        else:
            form = {k: v for k, v in (await request.form()).items() if isinstance(v, str)}
        request.scope["labkit.form"] = form
    return form


#: The language a phone can switch to from each language: its code and its own name, in that language.
#: The third is what a screen reader says in that language ("Read this in English").
OTHER_LANG = {
    "sv": ("en", "English", "Read this in English"),
    "en": ("sv", "Svenska", "Visa på svenska"),
}


class InLanguage:
    """One of the text tables of :mod:`labkit.participants.text`, read in the language of the current
    request."""

    def __init__(self, table: dict[str, dict[str, str]], lang: contextvars.ContextVar[str]) -> None:
        self.table, self.lang = table, lang

    def __getitem__(self, key: str) -> str:
        return self.table[self.lang.get()][key]

    def get(self, key: str, default: str | None = None) -> str | None:
        return self.table[self.lang.get()].get(key, default)

    def items(self):
        return self.table[self.lang.get()].items()


class Language:
    """ASGI middleware (inside the session middleware): the request's language from the phone's session."""

    def __init__(self, app, lang: contextvars.ContextVar[str]) -> None:
        self.app, self.lang = app, lang

    async def __call__(self, scope, receive, send) -> None:
        if scope["type"] == "http":
            picked = scope.get("session", {}).get("lang")
            if picked in OTHER_LANG:
                self.lang.set(picked)
        await self.app(scope, receive, send)


class Refused(Exception):
    """A submission that is answered with a page explaining why (status and message)."""

    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status, self.message = status, message


def create_app(room: Room, *, public_url: str = "") -> Starlette:
    """The participant app for ``room``.

    Parameters
    ----------
    room
        The workshop, its journal, areas, keys and limits.
    public_url
        The address participants open (shown and in the QR code); default: the address of each request.
    """
    # Each phone may pick its own language (kept in its session, see ``post_lang``); the language of the
    # request being answered is held in a context variable, so every text below is looked up in it.
    chosen: contextvars.ContextVar[str] = contextvars.ContextVar("labkit_participant_lang", default=room.lang)
    t = InLanguage(TEXT, chosen)
    opts = room.options
    # the templates ship with labkit and do not change while it runs: no look at their files per page
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(HERE / "templates"), autoescape=True, auto_reload=False
    )
    templates = Jinja2Templates(env=env)
    writes = RateLimiter(opts.rate_burst, opts.rate_per_second)
    wrong_codes = RateLimiter(opts.join_failures, opts.join_failures / 60)
    signer = URLSafeSerializer(room.keys.secret, salt="labkit-join-code")
    roles = InLanguage(ROLE_LABELS, chosen)
    activities = InLanguage(ACTIVITY_LABELS, chosen)

    # ------------------------------------------------------------------ helpers

    def me(request: Request) -> str | None:
        session = request.session
        return session.get("p") if session.get("w") == room.workshop else None

    def base(request: Request) -> str:
        return (public_url or str(request.base_url)).rstrip("/")

    def qr_link(request: Request) -> str:
        return f"{base(request)}/j/{signer.dumps({'w': room.workshop, 'c': room.join_code})}"

    def page(request: Request, name: str, title: str, *, status: int = 200, **context: object) -> Response:
        who = me(request)
        lang = chosen.get()
        context = {
            "t": TEXT[lang],
            "other_lang": OTHER_LANG[lang],
            "here": request.url.path,
            "title": title,
            "workshop_for": t["workshop_for"].format(kommun=room.kommun),
            "workshop_label": t["workshop_id"].format(workshop=room.workshop),
            "who": who,
            "csrf": csrf_token(request.session),
            "new_key": lambda: secrets.token_urlsafe(16),
            "notice": t.get("saved_" + request.query_params.get("ok", ""), ""),
            "error": "",
            "max_text": MAX_TEXT,
            "refresh": 0,
            "facilitator": bool(request.session.get("f")),
            **context,
        }
        return templates.TemplateResponse(request, name, context, status_code=status)

    def error_page(request: Request, status: int, message: str) -> Response:
        return page(request, "error.html", t["error_title"], status=status, error=message)

    def redirect(path: str, ok: str = "") -> RedirectResponse:
        return RedirectResponse(path + (f"?ok={quote(ok)}" if ok else ""), status_code=303)

    async def form_of(
        request: Request, *, joined: bool = True, activity: str | None = None, facilitator: bool = False
    ) -> tuple[dict, str]:
        """The posted form after every check a write needs; raises Refused otherwise."""
        form = await posted(request)
        if not csrf_ok(request.session, form.get("csrf")):
            raise Refused(403, t["err_csrf"])
        if facilitator and not request.session.get("f"):
            raise Refused(403, t["err_facilitator"])
        who = "samtalsledare" if facilitator else (me(request) or "")
        if joined and not facilitator and not who:
            raise Refused(403, t["err_not_joined"])
        if not writes.allow(who or "join:" + request.session["csrf"]):
            raise Refused(429, t["err_rate"])
        if not valid_key(form.get("key")):
            raise Refused(400, t["err_csrf"])
        if activity and not room.is_open(activity):
            raise Refused(
                409,
                t["err_closed_joining"]
                if activity == "joining"
                else t["err_closed"].format(activity=activities[activity]),
            )
        return form, who

    def text_field(
        form: dict, name: str, label: str, *, required: bool = True, limit: int = MAX_TEXT
    ) -> str | None:
        value = (form.get(name) or "").strip()
        if not value:
            if required:
                raise Refused(400, t["err_missing"].format(field=label))
            return None
        if len(value) > limit:
            raise Refused(
                400,
                t["err_too_long"].format(field=label, n=len(value))
                if limit == MAX_TEXT
                else t["err_pseudonym"],
            )
        return value

    def choice(form: dict, name: str, label: str, allowed, *, required: bool = True) -> str | None:
        value = form.get(name) or ""
        if not value and not required:
            return None
        if value not in allowed:
            raise Refused(400, t["err_choice"].format(field=label))
        return value

    def explain(err: CaptureError) -> Refused:
        """A refusal from the journal in the participant's words (the technical message goes to the log)."""
        what, column = err.what, err.column
        if what.startswith("a participant record") and column == "pseudonym":
            value = err.found.split("'")[1] if err.found and "'" in err.found else ""
            return Refused(409, t["err_pseudonym_taken"].format(value=value))
        if what.startswith("a participant may not score their own idea"):
            return Refused(409, t["err_own_idea"])
        if what.startswith("no dots left"):
            return Refused(409, t["err_no_dots"])
        if what.startswith("a dot record"):
            return Refused(409, t["err_dot_twice"])
        if what == "unknown participant":
            return Refused(403, t["err_not_joined"])
        if what in ("unknown idea",):
            return Refused(409, t["err_unknown_idea"])
        if what in ("unknown statement",):
            return Refused(409, t["err_unknown_statement"])
        if what.startswith("record id already used"):
            return Refused(409, t["err_resent"])
        LOG.error("participant app: not saved: %s", err)
        return Refused(503 if "journal" in what else 400, t["err_other"])

    async def store(kind: str, who: str, key: str, *, author: str | None = None, **fields: object) -> str:
        try:
            return await room.add_async(kind, who=who, key=key, author=author, **fields)
        except CaptureError as err:
            raise explain(err) from err

    def posting(handler, render=None):
        """Wrap a POST handler: a Refused becomes the page again (with the typed text) or an error page."""

        async def endpoint(request: Request) -> Response:
            try:
                return await handler(request)
            except Refused as refused:
                if render is not None and refused.status in (400, 409) and me(request):
                    form = await posted(request)
                    return await run_in_threadpool(render, request, refused.status, refused.message, form)
                return error_page(request, refused.status, refused.message)

        return endpoint

    # ------------------------------------------------------------------ joining

    def home(request: Request) -> Response:
        who = me(request)
        if who is None:
            if request.session.get("code") == room.workshop:
                return redirect("/join")
            return page(request, "code.html", t["join_title"])
        state = room.state()
        people = room.participants()
        mine = people[people["pseudonym"] == who]
        if mine.empty:  # struck out (or purged) since: the phone may join again
            request.session.pop("p", None)
            request.session.pop("w", None)
            return page(request, "code.html", t["join_title"], status=403, error=t["err_not_joined"])
        role = roles.get(str(mine["role"].iloc[0]), "")
        open_now = [
            (activities[a], ACTIVITY_PAGES[a]) for a in ACTIVITIES if a != "joining" and state[a].open
        ]
        return page(request, "home.html", t["hello"].format(pseudonym=who), role=role, open_now=open_now)

    async def post_code(request: Request) -> Response:
        form = await posted(request)
        if not csrf_ok(request.session, form.get("csrf")):
            return error_page(request, 403, t["err_csrf"])
        client = request.client.host if request.client else "?"
        if not secrets.compare_digest(normalise_code(form.get("code", "")), room.join_code):
            if not wrong_codes.allow(client):
                return error_page(request, 429, t["err_rate"])
            return page(
                request,
                "code.html",
                t["join_title"],
                status=403,
                error=t["err_code"],
                typed=form.get("code", "")[:20],
            )
        if not room.is_open("joining"):
            return error_page(request, 409, t["err_closed_joining"])
        request.session["code"] = room.workshop
        return redirect("/join")

    def qr_join(request: Request) -> Response:
        try:
            data = signer.loads(request.path_params["token"])
        except BadSignature:
            return error_page(request, 403, t["err_code"])
        if not (
            isinstance(data, dict) and data.get("w") == room.workshop and data.get("c") == room.join_code
        ):
            return error_page(request, 403, t["err_code"])
        request.session["code"] = room.workshop
        return redirect("/join")

    def join_page(request: Request, status: int = 200, error: str = "", form: dict | None = None) -> Response:
        if me(request):
            return redirect("/")
        if request.session.get("code") != room.workshop:
            return redirect("/")
        if not room.is_open("joining"):
            return error_page(request, 409, t["err_closed_joining"])
        form = form or {}
        consent = t["consent"].format(
            kommun=room.kommun,
            months=room.options.retention_months,
            names=t["consent_names"] if room.reader().store_names else "",
        )
        return page(
            request,
            "join.html",
            t["details_title"],
            status=status,
            error=error,
            form=form,
            pseudonym=form.get("pseudonym") or room.suggest_pseudonym(),
            roles=list(roles.items()),
            ages=AGE_BANDS,
            areas=room.areas,
            store_names=room.reader().store_names,
            consent=consent,
        )

    async def post_join(request: Request) -> Response:
        if request.session.get("code") != room.workshop:
            raise Refused(403, t["err_code"])
        form, _ = await form_of(request, joined=False, activity="joining")
        try:
            pseudonym = text_field(form, "pseudonym", t["pseudonym"], limit=MAX_PSEUDONYM)
            role = choice(form, "role", t["role"], ROLES)
            age = choice(form, "age_band", t["age_band"], AGE_BANDS, required=False)
            area = choice(form, "home_area", t["home_area"], [code for code, _ in room.areas], required=False)
            name = (
                text_field(form, "name", t["name"], required=False, limit=MAX_PSEUDONYM * 3)
                if room.reader().store_names
                else None
            )
            if form.get("consent") != "ja":
                raise Refused(400, t["err_consent"])
            fields = {"pseudonym": pseudonym, "role": role, "age_band": age, "home_area": area}
            if name:
                fields["name"] = name
            await store("participant", "join", form["key"], author=pseudonym, **fields)
        except Refused as refused:
            return await run_in_threadpool(join_page, request, refused.status, refused.message, form)
        request.session["w"], request.session["p"] = room.workshop, pseudonym
        return redirect("/")

    def about(request: Request) -> Response:
        consent = t["consent"].format(
            kommun=room.kommun,
            months=room.options.retention_months,
            names=t["consent_names"] if room.reader().store_names else "",
        )
        return page(request, "about.html", t["consent_title"], consent=consent)

    async def post_lang(request: Request) -> Response:
        """Switch this phone's language (kept in its session); back to the page it came from."""
        form = await posted(request)
        if not csrf_ok(request.session, form.get("csrf")):
            return error_page(request, 403, t["err_csrf"])
        lang = form.get("lang")
        if lang not in OTHER_LANG:
            return error_page(request, 400, t["err_choice"].format(field=t["lang_switch"]))
        request.session["lang"] = lang
        chosen.set(lang)
        back = form.get("next") or "/"
        return redirect(back if back in PAGES else "/")

    # ------------------------------------------------------------------ participant pages

    def joined(render):
        def endpoint(
            request: Request, status: int = 200, error: str = "", form: dict | None = None
        ) -> Response:
            who = me(request)
            if who is None:
                return redirect("/")
            return render(request, who, status, error, form or {})

        return endpoint

    def ideas_table() -> pd.DataFrame:
        return room.frame("idea")

    @joined
    def ideas_page(request: Request, who: str, status: int, error: str, form: dict) -> Response:
        ideas = ideas_table()
        state = room.state()["brainwriting"]
        return page(
            request,
            "ideas.html",
            t["ideas_title"],
            status=status,
            error=error,
            form=form,
            state=state,
            mine=list(ideas.loc[ideas["participant"] == who, "text"]),
            ideas=list(zip(ideas["id"], ideas["text"], strict=True)),
        )

    async def post_idea(request: Request) -> Response:
        form, who = await form_of(request, activity="brainwriting")
        text = text_field(form, "text", t["idea_text"])
        builds_on = form.get("builds_on") or None
        await store(
            "idea",
            who,
            form["key"],
            author=who,
            text=text,
            round=room.state()["brainwriting"].round,
            participant=who,
            builds_on=builds_on,
        )
        return redirect("/ideas", "idea")

    @joined
    def yes_and_page(request: Request, who: str, status: int, error: str, form: dict) -> Response:
        ideas = ideas_table()
        additions = room.frame("yes_and")
        others = ideas[ideas["participant"] != who]
        cards = [
            (row.id, row.text, list(additions.loc[additions["idea"] == row.id, "text"]))
            for row in others.itertuples()
        ]
        return page(
            request,
            "yes_and.html",
            t["yes_and_title"],
            status=status,
            error=error,
            form=form,
            cards=cards,
            is_open=room.is_open("yes_and"),
        )

    async def post_yes_and(request: Request) -> Response:
        form, who = await form_of(request, activity="yes_and")
        idea = form.get("idea") or ""
        text = text_field(form, "text", t["yes_and_text"])
        await store("yes_and", who, form["key"], author=who, idea=idea, text=text, participant=who)
        return redirect("/yes-and", "yes_and")

    @joined
    def score_page(request: Request, who: str, status: int, error: str, form: dict) -> Response:
        state = room.state()["scoring"]
        ideas = ideas_table()
        scores = room.frame("priority_score")
        mine = scores[(scores["participant"] == who) & (scores["criterion"] == state.criterion)]
        latest = dict(zip(mine["idea"], mine["score"], strict=True))
        cards = [
            (row.id, row.text, latest.get(row.id)) for row in ideas[ideas["participant"] != who].itertuples()
        ]
        return page(
            request,
            "score.html",
            t["score_title"],
            status=status,
            error=error,
            form=form,
            cards=cards,
            criterion=term(state.criterion, chosen.get()),  # the built-in criteria in the phone's language
            is_open=state.open,
        )

    async def post_score(request: Request) -> Response:
        form, who = await form_of(request, activity="scoring")
        score = choice(form, "score", t["score"], ("1", "2", "3", "4"))
        await store(
            "priority_score",
            who,
            form["key"],
            author=who,
            idea=form.get("idea") or "",
            participant=who,
            criterion=room.state()["scoring"].criterion,
            score=int(score),
        )
        return redirect("/score", "score")

    @joined
    def dots_page(request: Request, who: str, status: int, error: str, form: dict) -> Response:
        ideas = ideas_table()
        dots = room.frame("dot")
        placed = set(dots.loc[dots["participant"] == who, "idea"])
        total = int(room.reader().setting("dots_per_participant"))
        cards = [
            (row.id, row.text, row.id in placed) for row in ideas[ideas["participant"] != who].itertuples()
        ]
        return page(
            request,
            "dots.html",
            t["dots_title"],
            status=status,
            error=error,
            form=form,
            cards=cards,
            left=max(0, total - len(placed)),
            total=total,
            is_open=room.is_open("dots"),
        )

    async def post_dot(request: Request) -> Response:
        form, who = await form_of(request, activity="dots")
        state = room.state()["dots"]
        await store(
            "dot",
            who,
            form["key"],
            author=who,
            idea=form.get("idea") or "",
            participant=who,
            criterion=state.criterion,
        )
        return redirect("/dots", "dot")

    @joined
    def statements_page(request: Request, who: str, status: int, error: str, form: dict) -> Response:
        statements = room.statements()
        votes = room.frame("statement_vote")
        voted = set(votes.loc[votes["participant"] == who, "statement"])
        visible = statements[statements["approved"]]
        waiting = visible[~visible["id"].isin(voted)]
        current = None if waiting.empty else (waiting["id"].iloc[0], waiting["text"].iloc[0])
        own = statements[statements["participant"] == who]
        return page(
            request,
            "statements.html",
            t["statements_title"],
            status=status,
            error=error,
            form=form,
            current=current,
            number=len(visible) - len(waiting) + 1,
            total=len(visible),
            voting=room.is_open("voting"),
            proposing=room.is_open("proposing"),
            own=list(zip(own["text"], own["approved"], strict=True)),
        )

    async def post_vote(request: Request) -> Response:
        form, who = await form_of(request, activity="voting")
        vote = choice(form, "vote", t["statements_title"], ("1", "0", "-1"))
        statement = form.get("statement") or ""
        shown = room.peek("shown", STATE_TTL)  # no thread and no read while the kept list is fresh
        if shown is None or statement not in shown:
            if shown is not None:
                room.forget_state()  # the kept list may be older than the page: look again once
            if statement not in await run_in_threadpool(room.shown_statements):
                raise Refused(409, t["err_unknown_statement"])
        await store(
            "statement_vote",
            who,
            form["key"],
            author=who,
            statement=statement,
            participant=who,
            vote=int(vote),
        )
        return redirect("/statements", "vote")

    async def post_propose(request: Request) -> Response:
        form, who = await form_of(request, activity="proposing")
        text = text_field(form, "text", t["statement_text"])
        await store("statement", who, form["key"], author=who, text=text, participant=who)
        return redirect("/statements", "statement")

    # ------------------------------------------------------------------ facilitator and projector

    def facilitator_page(
        request: Request, status: int = 200, error: str = "", form: dict | None = None
    ) -> Response:
        key = request.query_params.get("key")
        if key is not None:
            if not secrets.compare_digest(key, room.keys.facilitator):
                return error_page(request, 403, t["err_facilitator"])
            request.session["f"] = True
            csrf_token(request.session)
            return redirect("/facilitator")
        if not request.session.get("f"):
            return error_page(request, 403, t["err_facilitator"])
        state = room.state()
        statements = room.statements()
        pending = statements[~statements["approved"]]
        return page(
            request,
            "facilitator.html",
            t["fac_title"],
            status=status,
            error=error,
            rows=[(a, activities[a], state[a]) for a in ACTIVITIES],
            pending=list(zip(pending["id"], pending["text"], pending["participant"], strict=True)),
            join_url=base(request),
            code=room.join_code,
            **live_figures(),
        )

    def live_figures() -> dict:
        people = room.participants()
        counts = [
            (t["count_" + name], len(room.frame(kind)))
            for name, kind in (
                ("participants", "participant"),
                ("ideas", "idea"),
                ("yes_and", "yes_and"),
                ("scores", "priority_score"),
                ("dots", "dot"),
                ("statements", "statement"),
                ("votes", "statement_vote"),
            )
        ]
        return {
            "counts": counts,
            "people": [(row.pseudonym, roles.get(row.role, row.role)) for row in people.itertuples()],
        }

    def facilitator_live(request: Request) -> Response:
        if not request.session.get("f"):
            return error_page(request, 403, t["err_facilitator"])
        return page(request, "live.html", t["fac_live"], refresh=opts.refresh_seconds, **live_figures())

    async def post_room(request: Request) -> Response:
        form, who = await form_of(request, facilitator=True)
        activity = choice(form, "activity", t["fac_rooms"], ACTIVITIES)
        opened = choice(form, "open", t["fac_rooms"], ("1", "0")) == "1"
        fields: dict[str, object] = {"activity": activity, "open": opened}
        if form.get("round"):
            number = form["round"].strip()
            if not number.isdigit() or not 1 <= int(number) <= 50:
                raise Refused(400, t["err_choice"].format(field=t["round_label"]))
            fields["round"] = int(number)
        criterion = text_field(form, "criterion", t["criterion_label"], required=False, limit=MAX_CRITERION)
        if criterion:
            fields["criterion"] = criterion
        await store("room_state", who, form["key"], **fields)
        room.forget_state()
        return redirect("/facilitator", "room")

    async def post_approve(request: Request) -> Response:
        form, who = await form_of(request, facilitator=True)
        statement = form.get("statement") or ""
        pending = await run_in_threadpool(room.statements)
        if statement not in set(pending.loc[~pending["approved"], "id"]):
            raise Refused(409, t["err_unknown_statement"])
        await store("statement_approval", who, form["key"], statement=statement)
        room.forget_state()
        return redirect("/facilitator", "approval")

    async def post_reject(request: Request) -> Response:
        form, who = await form_of(request, facilitator=True)
        statement = form.get("statement") or ""
        pending = await run_in_threadpool(room.statements)
        if statement not in set(pending.loc[~pending["approved"], "id"]):
            raise Refused(409, t["err_unknown_statement"])
        await store("retraction", who, form["key"], record=statement, reason="avvisat av samtalsledaren")
        room.forget_state()
        return redirect("/facilitator", "rejection")

    async def post_fac_statement(request: Request) -> Response:
        form, who = await form_of(request, facilitator=True)
        text = text_field(form, "text", t["fac_statement"])
        await store("statement", who, form["key"], text=text)
        room.forget_state()
        return redirect("/facilitator", "fac_statement")

    def projector_figures() -> dict:
        from labkit.methods.cocreation.ideas import dot_tally
        from labkit.methods.cocreation.opinion import opinion_groups
        from labkit.methods.cocreation.params import Params

        ideas, additions = room.frame("idea"), room.frame("yes_and")
        wall = [
            (row.text, list(additions.loc[additions["idea"] == row.id, "text"]))
            for row in ideas.iloc[::-1].itertuples()
        ]
        tally = dot_tally(room.frame("dot"), ideas)
        dots = list(zip(tally["text"], tally["dots"].astype(int), strict=True))
        statements = room.statements()
        shown = statements[statements["approved"]]
        texts = dict(zip(shown["id"], shown["text"], strict=True))
        votes = room.frame("statement_vote")
        votes = votes[votes["statement"].isin(texts)]
        min_votes = max(1, min(Params.min_votes, len(texts)))
        groups, consensus = [], []
        if not votes.empty:
            found = opinion_groups(votes[["participant", "statement", "vote"]], min_votes=min_votes)
            for number, size in enumerate(found.sizes):
                picks = found.representative[found.representative["group"] == number]
                groups.append(
                    (
                        number + 1,
                        size,
                        [(row.direction == "agree", texts[row.statement]) for row in picks.itertuples()],
                    )
                )
            consensus = [texts[s] for s in found.consensus_ids]
        return {"wall": wall, "dots": dots, "groups": groups, "consensus": consensus, "min_votes": min_votes}

    def projector(request: Request) -> Response:
        if not request.session.get("f"):
            return error_page(request, 403, t["err_facilitator"])
        figures = room.cached("projector", projector_figures, max(1.0, opts.refresh_seconds - 1))
        return page(
            request,
            "projector.html",
            t["workshop_for"].format(kommun=room.kommun),
            refresh=opts.refresh_seconds,
            join_url=base(request),
            code=room.join_code,
            participants=len(room.participants()),
            **figures,
        )

    def qr_svg(request: Request) -> Response:
        if not request.session.get("f"):
            return error_page(request, 403, t["err_facilitator"])
        out = io.BytesIO()
        segno.make(qr_link(request), error="m").save(
            out,
            kind="svg",
            scale=8,
            border=2,
            xmldecl=False,
            svgns=True,
            title=t["qr_alt"].format(url=base(request)),
        )
        return Response(out.getvalue(), media_type="image/svg+xml")

    # ------------------------------------------------------------------ errors and assembly

    async def not_found(request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 404)
        return error_page(request, status, t["err_not_found"] if status in (404, 405) else t["err_other"])

    async def server_error(request: Request, exc: Exception) -> Response:
        LOG.error("participant app: %s %s failed", request.method, request.url.path, exc_info=exc)
        return HTMLResponse(
            env.get_template("bare_error.html").render(t=TEXT[chosen.get()], message=t["err_other"]),
            status_code=500,
            headers={**HEADERS, "cache-control": "no-store"},
        )

    async def too_large(scope, receive, send) -> None:
        response = HTMLResponse(
            env.get_template("bare_error.html").render(t=TEXT[chosen.get()], message=t["err_too_big"]),
            status_code=413,
        )
        await response(scope, receive, send)

    routes = [
        Route("/", home),
        Route("/code", post_code, methods=["POST"]),
        Route("/j/{token}", qr_join),
        Route("/join", join_page),
        Route("/join", posting(post_join), methods=["POST"]),
        Route("/about", about),
        Route("/lang", post_lang, methods=["POST"]),
        Route("/ideas", ideas_page),
        Route("/ideas", posting(post_idea, ideas_page), methods=["POST"]),
        Route("/yes-and", yes_and_page),
        Route("/yes-and", posting(post_yes_and, yes_and_page), methods=["POST"]),
        Route("/score", score_page),
        Route("/score", posting(post_score, score_page), methods=["POST"]),
        Route("/dots", dots_page),
        Route("/dots", posting(post_dot, dots_page), methods=["POST"]),
        Route("/statements", statements_page),
        Route("/vote", posting(post_vote, statements_page), methods=["POST"]),
        Route("/propose", posting(post_propose, statements_page), methods=["POST"]),
        Route("/facilitator", facilitator_page),
        Route("/facilitator/live", facilitator_live),
        Route("/facilitator/room", posting(post_room), methods=["POST"]),
        Route("/facilitator/approve", posting(post_approve), methods=["POST"]),
        Route("/facilitator/reject", posting(post_reject), methods=["POST"]),
        Route("/facilitator/statement", posting(post_fac_statement), methods=["POST"]),
        Route("/projector", projector),
        Route("/qr.svg", qr_svg),
        Mount("/static", StaticFiles(directory=HERE / "static"), name="static"),
    ]
    middleware = [
        Middleware(SecurityHeaders),
        Middleware(BodyLimit, limit=opts.max_body, too_large=too_large),
        Middleware(TrustedHostMiddleware, allowed_hosts=list(opts.allowed_hosts)),
        Middleware(
            SessionMiddleware,
            secret_key=room.keys.secret,
            session_cookie=COOKIE,
            same_site="strict",
            https_only=False,
        ),
        Middleware(Language, lang=chosen),
    ]
    app = Starlette(
        routes=routes,
        middleware=middleware,
        exception_handlers={HTTPException: not_found, 404: not_found, 405: not_found, 500: server_error},
    )
    app.state.room = room
    return app


__all__ = ["COOKIE", "create_app"]
