using System.Collections.Immutable;
using System.Globalization;
using BackCare.Clinical.CarePlans;
using YamlDotNet.RepresentationModel;

namespace BackCare.Clinical.Evidence.Loading;

/// <summary>Parsers for data/care-plan.yaml.</summary>
internal sealed class CarePlanParsers(YamlReader r, List<Reference> refs)
{
    public List<Reference> References => refs;

    private static readonly string[] Categories =
    [
        "emergency", "urgent_care", "crisis", "education", "stay_active", "exercise", "relaxation", "sleep", "heat",
        "physiotherapy", "psychological_therapy", "medication_review", "self_monitoring", "clinician_review",
    ];

    public PlanStepTemplate? Step(YamlMappingNode m)
    {
        r.CheckKeys(m, "id", "category", "title", "detail");
        var id = r.Id(m);
        var category = r.String(m, "category", required: true) ?? "";
        if (category.Length > 0 && !Categories.Contains(category))
        {
            r.Problem(r.Get(m, "category")!, $"category '{category}' is not allowed; allowed: {string.Join(", ", Categories)}");
        }

        var title = r.Text(m, "title");
        var detail = r.Statement(m, "detail", refs, required: true);
        return detail is null ? null : new PlanStepTemplate(id, category, title, detail);
    }

    public PlanSettings PlanSettings(YamlMappingNode m)
    {
        string[] keys = ["poorSleepHoursBelow", "poorSleepHoursAbove", "poorSleepQualityAtMost", "psychologicalSupportGad7AtLeast",
            "psychologicalSupportPhq9AtLeast", "chronicWeeksOver", "reviewDaysLowRisk", "reviewDaysHigherRisk", "defaultMinutesPerDay",
            "reviewDaysEmergency", "reviewDaysSameDay", "reviewDaysSoon", "relaxationMinutesAtLeast", "relaxationMinutesAtMost",
            "relaxationShareOfTimeDivisor", "pacedBreathingFromMinutes", "walkingIncreasePercent", "exerciseMinutesAtLeast"];
        r.CheckKeys(m, keys);
        int I(string key) => r.Int(m, key, required: true, min: 0, max: 1000) ?? 0;
        if (I("relaxationShareOfTimeDivisor") == 0) r.Problem(m, "'relaxationShareOfTimeDivisor' must be at least 1");
        return new PlanSettings(I(keys[0]), I(keys[1]), I(keys[2]), I(keys[3]), I(keys[4]), I(keys[5]), I(keys[6]), I(keys[7]), I(keys[8]),
            I(keys[9]), I(keys[10]), I(keys[11]), I(keys[12]), I(keys[13]), Math.Max(1, I(keys[14])), I(keys[15]), I(keys[16]), I(keys[17]));
    }

    /// <summary>One plan rule; its step, conditions, schedule and the placeholders of its reason are checked here.</summary>
    public PlanRule? Rule(YamlMappingNode m)
    {
        r.CheckKeys(m, "id", "rule", "step", "when", "reason", "sources", "addSources", "schedule", "stop");
        var id = r.Id(m);
        var step = r.String(m, "step");
        if (step is not null) refs.Add(new Reference(ReferenceKind.PlanStep, step, r.File, (int)r.Get(m, "step")!.Start.Line, (int)r.Get(m, "step")!.Start.Column));
        var stop = r.String(m, "stop") == "true";
        if (step is null && !stop) r.Problem(m, "a plan rule needs a 'step' or 'stop: true'");
        var reason = step is null ? null : r.Text(m, "reason");
        if (reason is not null) CheckPlaceholders(m, "reason", reason);
        var sources = step is null ? [] : r.References(m, "sources", ReferenceKind.Source, refs, required: true);
        var addSources = r.String(m, "addSources");
        if (addSources is not null && !PlanWhen.AddSourceKinds.Contains(addSources)) r.Problem(r.Get(m, "addSources")!, $"'addSources' is '{addSources}'; allowed: {string.Join(", ", PlanWhen.AddSourceKinds)}");
        var schedule = r.String(m, "schedule");
        if (schedule is not null && !PlanWhen.ScheduleKinds.Contains(schedule)) r.Problem(r.Get(m, "schedule")!, $"'schedule' is '{schedule}'; allowed: {string.Join(", ", PlanWhen.ScheduleKinds)}");
        return new PlanRule(id, r.String(m, "rule") ?? id, step, When(r.Mapping(m, "when")), reason, sources, addSources, schedule, stop);
    }

    private PlanWhen When(YamlMappingNode? m)
    {
        if (m is null) return new PlanWhen([], null, null, null, [], null, null, null, null, null, null, null, null, null);
        r.CheckKeys(m, [.. PlanWhen.Keys]);
        bool? B(string key) => r.String(m, key) switch { null => null, "true" => true, "false" => false, var v => Bad(key, v) };
        bool? Bad(string key, string value)
        {
            r.Problem(r.Get(m, key)!, $"'{key}' is '{value}'; allowed: true, false");
            return null;
        }

        string? OneOf(string key, params string[] allowed)
        {
            var value = r.String(m, key);
            if (value is not null && allowed.Length > 0 && !allowed.Contains(value)) r.Problem(r.Get(m, key)!, $"'{key}' is '{value}'; allowed: {string.Join(", ", allowed)}");
            return value;
        }

        var risk = r.TextList(m, "risk");
        foreach (var x in risk.Where(x => x is not ("low" or "medium" or "high" or "none"))) r.Problem(r.Get(m, "risk")!, $"risk '{x}' is not allowed; allowed: low, medium, high, none");
        return new PlanWhen(r.EnumList<Triage.Disposition>(m, "disposition"), B("urgentFlag"), OneOf("otherFlags", "soon", "routine"), OneOf("crisis", "phq9", "reported"),
            risk, B("physiotherapy"), B("chronic"), B("distress"), B("poorSleep"), B("medicationFindings"), OneOf("missingCategory", Categories),
            r.String(m, "missingStep"), r.String(m, "activity"), r.String(m, "noActivity"));
    }

    /// <summary>Plan texts: every key the engine uses, each with only known placeholders.</summary>
    public ImmutableDictionary<string, string> Texts(YamlMappingNode m)
    {
        r.CheckKeys(m, [.. PlanFacts.TextKeys]);
        var builder = ImmutableDictionary.CreateBuilder<string, string>(StringComparer.Ordinal);
        foreach (var key in PlanFacts.TextKeys)
        {
            var text = r.Text(m, key);
            if (text.Length == 0) continue;
            CheckPlaceholders(m, key, text);
            builder[key] = text;
        }

        return builder.ToImmutable();
    }

    private void CheckPlaceholders(YamlMappingNode m, string key, string text)
    {
        foreach (var name in PlanFacts.Used(text).Where(n => !PlanFacts.Names.Contains(n)).Distinct())
        {
            r.Problem(r.Get(m, key)!, $"'{key}' uses {{{name}}}, which is not a plan fact (known: {string.Join(", ", PlanFacts.Names.Order(StringComparer.Ordinal))})");
        }
    }

    public RecoveryCurve? Curve(YamlMappingNode m)
    {
        r.CheckKeys(m, "course", "sources", "points");
        var course = r.String(m, "course", required: true);
        var sources = r.References(m, "sources", ReferenceKind.Source, refs, required: true);
        var points = ImmutableArray.CreateBuilder<CurvePoint>();
        foreach (var node in r.Sequence(m, "points", required: true)?.Children ?? [])
        {
            if (node is not YamlMappingNode p) continue;
            r.CheckKeys(p, "week", "mean", "low", "high");
            var week = r.Int(p, "week", required: true, min: 0, max: 520) ?? 0;
            points.Add(new CurvePoint(week, Number(p, "mean"), Number(p, "low"), Number(p, "high")));
        }

        if (points.Count < 2 || points[0].Week != 0) r.Problem(m, "a recovery curve needs at least two points, starting at week 0");
        return course is null ? null : new RecoveryCurve(course, points.ToImmutable(), sources);
    }

    public ProgressSettings ProgressSettings(YamlMappingNode m)
    {
        string[] keys = ["windowDays", "painMcidPoints", "painMcidPercent", "rmdqMcidPoints", "rmdqMcidPercent", "pegMidPoints",
            "reviewAfterWeeks", "acuteBaselineWeeksBelow", "trendWeeks", "trendSlopePerWeek", "messages"];
        r.CheckKeys(m, keys);
        return new ProgressSettings(
            r.Int(m, "windowDays", required: true, min: 1, max: 60) ?? 7,
            Number(m, "painMcidPoints"), Number(m, "painMcidPercent"), Number(m, "rmdqMcidPoints"), Number(m, "rmdqMcidPercent"),
            Number(m, "pegMidPoints"),
            r.Int(m, "reviewAfterWeeks", required: true, min: 1, max: 52) ?? 6,
            r.Int(m, "acuteBaselineWeeksBelow", required: true, min: 1, max: 52) ?? 6,
            r.Int(m, "trendWeeks", required: true, min: 1, max: 52) ?? 4,
            Number(m, "trendSlopePerWeek"),
            ProgressMessageTemplates(m));
    }

    /// <summary>Crisis, emergency and urgent wording: every code once, with only the contact placeholders it may use.</summary>
    public ImmutableDictionary<string, Statement> SafetyMessageTemplates(YamlMappingNode map) =>
        Messages(map, "safety message", SafetyMessages.Placeholders, SafetyMessages.Used);

    /// <summary>Every code the progress engine uses, each once, with only the placeholders that code is given.</summary>
    private ImmutableDictionary<string, Statement> ProgressMessageTemplates(YamlMappingNode settings) =>
        r.Mapping(settings, "messages", required: true) is { } map
            ? Messages(map, "progress message", ProgressMessages.Placeholders, ProgressMessages.Used)
            : ImmutableDictionary<string, Statement>.Empty;

    /// <summary>A mapping of message code to statement: known codes only, each present, each using only its placeholders.</summary>
    private ImmutableDictionary<string, Statement> Messages(YamlMappingNode map, string what,
        IReadOnlyDictionary<string, ImmutableArray<string>> placeholders, Func<string, IEnumerable<string>> used)
    {
        var builder = ImmutableDictionary.CreateBuilder<string, Statement>(StringComparer.Ordinal);
        foreach (var (keyNode, node) in map.Children)
        {
            var code = (keyNode as YamlScalarNode)?.Value ?? "";
            if (!placeholders.TryGetValue(code, out var allowed))
            {
                r.Problem(keyNode, $"unknown {what} '{code}' (allowed: {string.Join(", ", placeholders.Keys.Order(StringComparer.Ordinal))})");
                continue;
            }

            if (r.Statement(node, refs) is not { } statement) continue;
            foreach (var name in used(statement.Text).Where(n => !allowed.Contains(n)).Distinct())
            {
                r.Problem(node, $"{what} '{code}' uses {{{name}}}, which it is not given (allowed: {(allowed.IsEmpty ? "none" : string.Join(", ", allowed))})");
            }

            builder[code] = statement;
        }

        foreach (var missing in placeholders.Keys.Where(k => !builder.ContainsKey(k)).Order(StringComparer.Ordinal))
        {
            r.Problem(map, $"{what} '{missing}' is missing");
        }

        return builder.ToImmutable();
    }

    private double Number(YamlMappingNode m, string key)
    {
        var text = r.String(m, key, required: true);
        if (text is not null && double.TryParse(text, NumberStyles.Float, CultureInfo.InvariantCulture, out var value)) return value;
        if (text is not null) r.Problem(r.Get(m, key)!, $"'{key}' must be a number");
        return 0;
    }
}
