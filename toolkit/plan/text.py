"""The plan as text lines (`toolkit plan show`) and as JSON (`--json`), in one language."""

from __future__ import annotations

from toolkit.i18n import N_, format_date, translate
from toolkit.plan import model
from toolkit.plan.model import ACTION_STATUSES, AREAS, ASSET_KINDS, HORIZONS, Action, Plan
from toolkit.plan.seeding import questions_for, source_figures, values_for
from toolkit.plan.service import PlanVersion
from toolkit.plan.words import figure_text, measure_text, value_text
from toolkit.store import Store


def _t(lang: str, message: str, **values) -> str:
    return translate(lang, message).format(**values)


def dates_text(action: Action, lang: str) -> str:
    if action.start and action.end:
        return f"{format_date(action.start, lang)} – {format_date(action.end, lang)}"
    if action.start:
        return _t(lang, N_("from {date}"), date=format_date(action.start, lang))
    if action.end:
        return _t(lang, N_("until {date}"), date=format_date(action.end, lang))
    return ""


def action_text(action: Action, lang: str) -> str:
    parts = [action.what]
    if action.lead:
        parts.append(_t(lang, N_("lead: {name}"), name=action.lead))
    if action.partners:
        parts.append(_t(lang, N_("partners: {names}"), names=", ".join(action.partners)))
    when = dates_text(action, lang)
    if when:
        parts.append(when)
    if action.resources:
        parts.append(_t(lang, N_("resources: {text}"), text=action.resources))
    parts.append(translate(lang, ACTION_STATUSES[action.status]))
    return " — ".join(parts[:1] + ["; ".join(parts[1:])])


def plan_lines(store: Store, shown: PlanVersion, threshold: int, lang: str) -> list[str]:
    plan = shown.plan
    register = {a.id: a for a in plan.assets}
    values = values_for(store, shown, threshold)
    seeds = source_figures(store, plan, threshold)
    questions = questions_for(store, plan.community_id)
    lines = [f"{plan.title or _t(lang, N_('Community safety and well-being plan'))} — "
             f"{shown.community}",
             _t(lang, N_("Version {n}, saved {date}"), n=shown.version,
                date=format_date(shown.saved_at, lang))]
    if shown.read_only:
        lines.append(_t(lang, N_("Received from another computer: read only here.")))
    if not plan.priorities:
        lines.append(_t(lang, N_("No priorities yet. Offer some from a round with 'toolkit "
                                 "plan priorities COMMUNITY --from-round ROUND'.")))
    for i, p in enumerate(plan.priorities, 1):
        area = f"  [{translate(lang, AREAS[p.area])}]" if p.area else ""
        lines += ["", f"{i}. {p.title}{area}   ({p.id})"]
        for candidate in seeds.get(p.id, []):
            lines.append("   " + _t(lang, N_("From the diagnosis: {figures}"),
                                    figures="; ".join(measure_text(m, lang)
                                                      for m in candidate.measures)))
        if p.risk_factors:
            lines.append("   " + _t(lang, N_("Risk factors: {items}"),
                                    items="; ".join(p.risk_factors)))
        if p.protective_factors:
            lines.append("   " + _t(lang, N_("Protective factors: {items}"),
                                    items="; ".join(p.protective_factors)))
        if p.assets:
            lines.append("   " + _t(lang, N_("Builds on: {items}"), items=", ".join(
                register[a].name for a in p.assets)))
        if p.actions:
            lines.append("   " + _t(lang, N_("Actions:")))
            lines += [f"     {j}. {action_text(a, lang)}" for j, a in enumerate(p.actions, 1)]
        if p.outputs:
            lines.append("   " + _t(lang, N_("Outputs: {items}"), items="; ".join(p.outputs)))
        for horizon, label in HORIZONS.items():
            items = getattr(p.outcomes, horizon)
            if items:
                lines.append("   " + translate(lang, label) + _colon(lang) + "; ".join(items))
        if p.indicators:
            lines.append("   " + _t(lang, N_("Indicators:")))
        for j, ind in enumerate(p.indicators, 1):
            details = [f"{translate(lang, N_('baseline'))}{_colon(lang)}{ind.baseline or '—'}",
                       f"{translate(lang, N_('target'))}{_colon(lang)}{ind.target or '—'}"]
            if ind.data_source:
                details.append(f"{translate(lang, N_('data source'))}{_colon(lang)}"
                               f"{ind.data_source}")
            lines.append(f"     {j}. {ind.definition} — " + "; ".join(details))
            if ind.figure:
                q = questions.get((ind.figure.instrument_id, ind.figure.question_id))
                lines.append("        " + _t(lang, N_("Follows: {figure}"),
                                             figure=figure_text(ind.figure, q, lang)))
                for v in values.get(ind.id, []):
                    lines.append(f"        {v.round_name}{_colon(lang)}{value_text(v, lang)}")
    if plan.assets:
        lines += ["", _t(lang, N_("Asset register:"))]
        for i, a in enumerate(plan.assets, 1):
            kind = translate(lang, ASSET_KINDS[a.kind])
            extra = f", {a.sector}" if a.sector else ""
            contact = f" — {a.contact}" if a.contact else ""
            lines.append(f"  {i}. {a.name} ({kind}{extra}){contact}")
    return lines


def _colon(lang: str) -> str:
    return "\u00a0: " if lang == "fr" else ": "


def plan_json(store: Store, shown: PlanVersion, threshold: int) -> dict:
    plan: Plan = shown.plan
    values = values_for(store, shown, threshold)
    seeds = source_figures(store, plan, threshold)
    return {
        "community": shown.community, "community_id": shown.community_id,
        "version": shown.version, "saved_at": shown.saved_at, "read_only": shown.read_only,
        "threshold": threshold, "plan": model.to_builtins(plan),
        "indicator_values": {k: [v.to_json() for v in row] for k, row in values.items()},
        "diagnosis": {pid: [{"key": c.key, "figures": [m.to_json() for m in c.measures]}
                            for c in found] for pid, found in seeds.items() if found},
    }
