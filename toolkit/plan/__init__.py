"""Community safety and well-being plans: from the diagnosis to priorities, actions and
indicators. Core only (no Qt); the CLI (toolkit/commands/plan.py) and the GUI's Plan area
call the same API. Stable from issue 20 on: names below may be added to, not changed.

The model (toolkit.plan.model, msgspec Structs, validated strictly on every read):

    Plan            format (1), community_id (UUID), title,
                    priorities: [Priority] (in the committee's order),
                    assets: [Asset] (the community's asset register, shared by priorities)
    Asset           id, name, kind (ASSET_KINDS: organisation, service, program, place,
                    role), sector, contact (contact notes; never leave in a package)
    Priority        id, title, area (AREAS: social_development, prevention,
                    risk_intervention, incident_response; or None),
                    risk_factors: [str], protective_factors: [str],
                    assets: [asset id] (from the register), actions: [Action],
                    outcomes: Outcomes, outputs: [str] (what the actions produce),
                    indicators: [Indicator],
                    sources: [Source] (where a seeded priority came from)
    Action          id, what, lead, partners: [str], start, end (YYYY-MM-DD or None),
                    resources, status (ACTION_STATUSES: planned, under_way, done, on_hold,
                    dropped)
    Outcomes        short, medium, long: [str] (HORIZONS)
    Indicator       id, definition, baseline, target, data_source,
                    figure: Figure | None (a questionnaire figure, filled in per round)
    Figure          instrument_id, question_id, key ("agree", "yes", a choice id, "mean":
                    the comparison report's measures)
    Source          kind ("finding", "ranking", "votes"), round_id, instrument_id,
                    question_id, choice_id

Ids are 8 hex characters, unique within their list. Every text is one clean line
(toolkit.safetext). model.decode()/convert() read JSON strictly (PlanFormatError);
model.encode() writes it; model.check() checks references, ids, dates.

The store (toolkit.plan.service.PlanService(store); table `plan_versions`, migration 9):
one plan per community, every change appended as the next version, never overwritten; the
highest version is the current plan. Communities are named by id or by name.

    current(community) -> PlanVersion | None      get(community) -> PlanVersion
    create(community, title="")                  set_title(community, title)
    history(community) -> [VersionInfo]          version(community, n) -> PlanVersion
    plans() -> [PlanVersion]  (every community's current plan: the hub's list)
    save(community, plan, expected=None)         (a whole edited document: the GUI's way)
    edit(community, change(plan) -> T, expected, op, what) -> (PlanVersion, T)
    add_priority(community, title, area=None, sources=(), position=None) -> Priority
    set_priority(community, ref, title=, area=, risk_factors=, protective_factors=)
    rename_priority, add_factor(community, ref, "risk"|"protective", text)
    merge_priorities(community, [refs], title=None), move_priority(community, ref, pos),
    reorder_priorities(community, [refs]), remove_priority(community, ref)
    add_asset(community, name, kind, sector="", contact=""), set_asset, remove_asset,
    link_asset(community, priority, asset, linked=True)
    add_action(community, priority, what, lead, partners, start, end, resources, status),
    set_action(community, priority, action, ...), remove_action
    add_outcome(community, priority, horizon, text), remove_outcome(..., horizon, number)
    add_output(community, priority, text), remove_output(community, priority, number)
    add_indicator(community, priority, definition, baseline, target, data_source, figure),
    set_indicator(community, priority, indicator, ...), remove_indicator

Every edit takes `expected=` (the version the caller read; StalePlanError if the plan moved
on) and raises a ToolkitError with a translated message on bad input, changing nothing.
Items (priorities, actions, assets, indicators) are named by number (1, 2...), id (or its
first 4+ characters) or exact title. A plan received from another installation
(PlanVersion.read_only) cannot be edited here (ReadOnlyPlanError). describe_note() gives a
history line's words.

From the diagnosis (toolkit.plan.seeding), every figure through toolkit.analysis /
toolkit.disclosure only (load_parts, as the reports):
    candidates(store, round, threshold) -> Seeds (.candidates: [Candidate] with .source
        (a Source to pass to add_priority), .title_in(lang), .measures; .withheld)
    indicator_values(store, plan, threshold) -> {indicator id: [RoundValue per round]}
    values_for(store, plan_version, threshold)  (the above, or the values a received plan
        came with), latest([RoundValue]) -> the newest shown one
    source_figures(store, plan, threshold) -> {priority id: [Candidate]} (seeded figures,
        recomputed), figure_choices(store, community_id) -> [(Figure, Question)] (a picker)
Words (toolkit.plan.words): measure_text, value_text, figure_text, in one language.
Printing (toolkit.plan.printed): print_plan(store, community, out, ReportOptions(lang,
paper, threshold), version=None, progress=None) -> ReportResult(path, pages).
Exchange: export.preview(..., with_plan=True) puts the current plan in the package
(plan.json); the importer stores it read-only at the hub (service.receive_version).
"""
