using System.Collections.Immutable;
using BackCare.Clinical.Assessment;
using BackCare.Clinical.Triage;
using YamlDotNet.RepresentationModel;

namespace BackCare.Clinical.Evidence.Loading;

/// <summary>Parsers for questionnaires (instruments.yaml) and red-flag triage (triage.yaml).</summary>
internal sealed class AssessmentParsers(YamlReader r, List<Reference> refs)
{
    public Instrument? Instrument(YamlMappingNode m)
    {
        r.CheckKeys(m, "id", "name", "recallPeriod", "scoring", "loinc", "licence", "description", "thresholds", "answerSets", "items", "bands", "selfHarmItem");
        var id = r.Id(m);
        var name = r.String(m, "name", required: true) ?? id;
        var recall = r.String(m, "recallPeriod", required: true) ?? "";
        var scoring = r.Enum<ScoringMethod>(m, "scoring", required: true);
        var description = r.Statement(m, "description", refs, required: true);

        InstrumentLoinc? loinc = null;
        if (r.Mapping(m, "loinc") is { } l)
        {
            r.CheckKeys(l, "panel", "panelCheck", "total", "totalCheck");
            loinc = new InstrumentLoinc(r.String(l, "panel"), r.String(l, "panelCheck"), r.String(l, "total"), r.String(l, "totalCheck"));
            foreach (var (key, value) in new[] { ("panelCheck", loinc.PanelCheck), ("totalCheck", loinc.TotalCheck) })
            {
                if (value is not null && !EnumNames.TryParse<Confirmation>(value, out _))
                {
                    r.Problem(r.Get(l, key)!, $"'{key}' must be verified, partial or unverified");
                }
            }
        }

        var licenceNode = r.Mapping(m, "licence", required: true);
        var licence = new InstrumentLicence(false, "");
        if (licenceNode is not null)
        {
            r.CheckKeys(licenceNode, "reproduceItems", "notice");
            licence = new InstrumentLicence(r.String(licenceNode, "reproduceItems", required: true) == "true", r.String(licenceNode, "notice", required: true) ?? "");
        }

        var answerSets = new Dictionary<string, ImmutableArray<AnswerOption>>(StringComparer.Ordinal);
        if (r.Mapping(m, "answerSets", required: true) is { } sets)
        {
            foreach (var (keyNode, valueNode) in sets.Children)
            {
                var setName = ((YamlScalarNode)keyNode).Value ?? "";
                if (valueNode is not YamlSequenceNode options)
                {
                    r.Problem(valueNode, $"answer set '{setName}' must be a list");
                    continue;
                }

                var builder = ImmutableArray.CreateBuilder<AnswerOption>();
                foreach (var option in options.OfType<YamlMappingNode>())
                {
                    r.CheckKeys(option, "value", "label", "loinc");
                    builder.Add(new AnswerOption(r.Int(option, "value", required: true, min: 0, max: 100) ?? 0, r.String(option, "label"), r.String(option, "loinc")));
                }

                var values = builder.Select(o => o.Value).ToList();
                if (values.Count == 0 || values.Zip(values.Skip(1)).Any(p => p.Second != p.First + 1))
                {
                    r.Problem(valueNode, $"answer set '{setName}' must list consecutive values in ascending order");
                }

                answerSets[setName] = builder.ToImmutable();
            }
        }

        var items = ImmutableArray.CreateBuilder<InstrumentItem>();
        foreach (var node in r.Sequence(m, "items", required: true)?.Children ?? [])
        {
            if (node is not YamlMappingNode item)
            {
                r.Problem(node, "each item must be a mapping");
                continue;
            }

            r.CheckKeys(item, "number", "answers", "text", "label", "loinc");
            var number = r.Int(item, "number", required: true, min: 1, max: 100) ?? 0;
            if (number != items.Count + 1) r.Problem(item, $"items must be numbered 1, 2, 3 ... in order (expected {items.Count + 1})");
            var set = r.String(item, "answers", required: true) ?? "";
            if (!answerSets.TryGetValue(set, out var answers))
            {
                r.Problem(item, $"unknown answer set '{set}' (defined: {string.Join(", ", answerSets.Keys)})");
                answers = [new AnswerOption(0, null, null)];
            }

            var text = r.String(item, "text");
            if (text is not null && !licence.ReproduceItems)
            {
                r.Problem(r.Get(item, "text")!, "the licence does not allow reproducing item wording; use 'label' only");
            }

            items.Add(new InstrumentItem(number, text, r.String(item, "label", required: true) ?? $"Item {number}", r.String(item, "loinc"), answers));
        }

        var bands = ImmutableArray.CreateBuilder<ScoreBand>();
        foreach (var node in r.Sequence(m, "bands")?.Children ?? [])
        {
            if (node is not YamlMappingNode band) continue;
            var statement = r.Statement(band, refs, "band", "min", "max");
            var bandName = r.String(band, "band", required: true) ?? "";
            if (statement is not null) bands.Add(new ScoreBand(bandName, r.Int(band, "min", min: 0), r.Int(band, "max", min: 0), statement));
        }

        StartBackThresholds? thresholds = null;
        if (r.Mapping(m, "thresholds") is { } th)
        {
            r.CheckKeys(th, "subscaleHighAtLeast", "totalMediumAtLeast");
            thresholds = new StartBackThresholds(r.Int(th, "subscaleHighAtLeast", required: true, min: 1) ?? 4, r.Int(th, "totalMediumAtLeast", required: true, min: 1) ?? 4);
        }

        if (scoring == ScoringMethod.Startback && thresholds is null) r.Problem(m, "startback scoring needs 'thresholds'");
        var selfHarmItem = r.Int(m, "selfHarmItem", min: 1, max: items.Count);
        if (scoring is null || description is null) return null;

        var instrument = new Instrument(id, name, recall, scoring.Value, loinc, licence, description, items.ToImmutable(), bands.ToImmutable(), selfHarmItem, thresholds);
        CheckBands(instrument, m);
        return instrument;
    }

    /// <summary>Banded sum instruments must cover every possible total exactly once.</summary>
    private void CheckBands(Instrument instrument, YamlMappingNode m)
    {
        if (instrument.Scoring != ScoringMethod.Sum || instrument.Bands.IsEmpty) return;
        var expected = 0;
        foreach (var band in instrument.Bands)
        {
            if (band.Min != expected || band.Max is null || band.Max < band.Min)
            {
                r.Problem(m, $"band '{band.Band}' must start at {expected} and end at or after its start");
                return;
            }

            expected = band.Max.Value + 1;
        }

        if (expected != instrument.MaxScore + 1) r.Problem(m, $"bands end at {expected - 1} but the maximum score is {instrument.MaxScore}");
    }

    public TriageFinding? Finding(YamlMappingNode m)
    {
        r.CheckKeys(m, "code", "group", "question", "label", "sources", "supersededBy");
        var code = r.String(m, "code", required: true) ?? "";
        var group = r.String(m, "group", required: true) ?? "";
        var question = r.Text(m, "question");
        var label = r.String(m, "label", required: true) ?? code;
        var sources = r.References(m, "sources", ReferenceKind.Source, refs, required: true);
        var supersededBy = r.References(m, "supersededBy", ReferenceKind.Finding, refs);
        if (supersededBy.Contains(code)) r.Problem(m, $"finding '{code}' cannot supersede itself");
        return code.Length == 0 ? null : new TriageFinding(code, group, question, label, sources, supersededBy);
    }

    public TriageRule? Rule(YamlMappingNode m)
    {
        r.CheckKeys(m, "id", "condition", "urgency", "all", "any", "atLeast", "minAge", "maxAge", "minDurationDays", "maxOnsetAge", "crisis", "reason", "sources", "basis", "rationale");
        var id = r.Id(m);
        var condition = r.String(m, "condition", required: true) ?? "";
        var urgency = r.Enum<Disposition>(m, "urgency", required: true);
        var all = r.References(m, "all", ReferenceKind.Finding, refs);
        var any = r.References(m, "any", ReferenceKind.Finding, refs);
        AtLeast? atLeast = null;
        if (r.Mapping(m, "atLeast") is { } al)
        {
            r.CheckKeys(al, "count", "of");
            var of = r.References(al, "of", ReferenceKind.Finding, refs, required: true);
            atLeast = new AtLeast(r.Int(al, "count", required: true, min: 1, max: Math.Max(1, of.Length)) ?? 1, of);
        }

        var minAge = r.Int(m, "minAge", min: 0, max: 120);
        var maxAge = r.Int(m, "maxAge", min: 0, max: 120);
        var minDays = r.Int(m, "minDurationDays", min: 0);
        var maxOnset = r.Int(m, "maxOnsetAge", min: 0, max: 120);
        if (all.IsEmpty && any.IsEmpty && atLeast is null && minAge is null && maxAge is null && minDays is null)
        {
            r.Problem(m, "a triage rule needs at least one condition");
        }

        var reason = r.Text(m, "reason");
        var sources = r.References(m, "sources", ReferenceKind.Source, refs, required: true);
        var (basis, rationale) = r.Basis(m);
        return urgency is null ? null : new TriageRule(id, condition, urgency.Value, all, any, atLeast, minAge, maxAge, minDays, maxOnset,
            r.String(m, "crisis") == "true", reason, sources, basis, rationale);
    }

    public DispositionAdvice? Disposition(YamlMappingNode m)
    {
        var disposition = r.Enum<Disposition>(m, "disposition", required: true);
        var statement = r.Statement(m, refs, "disposition");
        return disposition is null || statement is null ? null : new DispositionAdvice(disposition.Value, statement);
    }
}
