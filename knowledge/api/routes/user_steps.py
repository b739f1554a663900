"""What the bot does for a user after the interview: "my needs" with where each referral
stands, information added to a need, a need withdrawn, a follow-up answered, and the anonymous
"an interview started" count. Internal face only (the service token), like every route that
reads or writes what users told us; a need is changed only for the sender who wrote it."""

from typing import Annotated

from fastapi import APIRouter, BackgroundTasks, Path, Request, status

from knowledge.api.deps import SessionDep
from knowledge.api.routes.params import Reference
from knowledge.notify.withdrawal import tell_providers
from knowledge.registry import follow_ups, user_steps
from knowledge.registry.interview_starts import record_start
from knowledge.schemas.user_steps import (
    FollowUpAnswerIn,
    MyNeed,
    NoteCreate,
    SenderRequest,
    StartIn,
    StepDone,
)

router = APIRouter(tags=["my needs"])
SenderPath = Annotated[str, Path(min_length=1, max_length=128)]


@router.get("/api/senders/{sender_id:path}/needs")
def my_needs(sender_id: SenderPath, session: SessionDep) -> list[MyNeed]:
    """The sender's needs, newest first, each with its latest referral's status and provider."""
    return user_steps.my_needs(session, sender_id)


@router.post("/api/needs/{reference}/notes", status_code=status.HTTP_201_CREATED)
def add_note(reference: Reference, body: NoteCreate, session: SessionDep) -> StepDone:
    need = user_steps.add_note(session, reference, body.sender_id, body.text)
    session.commit()
    return StepDone(reference=reference, status=need.status)  # type: ignore[arg-type]


@router.post("/api/needs/{reference}/withdraw")
def withdraw(
    reference: Reference,
    body: SenderRequest,
    session: SessionDep,
    request: Request,
    background: BackgroundTasks,
) -> StepDone:
    """Closes the need and its open referrals (history: closed, by the user); providers that
    were e-mailed the referral are e-mailed again, after the response."""
    done = user_steps.withdraw(session, reference, body.sender_id)
    to_tell = [r.id for r in done.to_tell]
    session.commit()
    if to_tell:
        app = request.app
        background.add_task(tell_providers, app.state.session_factory, app.state.settings, to_tell)
    return StepDone(
        reference=reference,
        status="closed",
        referrals_closed=done.closed,
        providers_emailed=len(to_tell),
        follow_ups_stopped=done.follow_ups_stopped,
    )


@router.post("/api/needs/{reference}/follow-up")
def answer_follow_up(
    reference: Reference, body: FollowUpAnswerIn, session: SessionDep, request: Request
) -> StepDone:
    need = user_steps.own_need(session, reference, body.sender_id)
    stopped = follow_ups.answer(session, need, body.answer, request.app.state.settings.follow_up_days)
    session.commit()
    return StepDone(reference=reference, status=need.status, follow_ups_stopped=stopped)  # type: ignore[arg-type]


@router.post("/api/interviews/started", status_code=status.HTTP_204_NO_CONTENT)
def interview_started(body: StartIn, session: SessionDep) -> None:
    record_start(session, body.language, body.channel)
    session.commit()
