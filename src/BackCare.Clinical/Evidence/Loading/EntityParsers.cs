using System.Collections.Immutable;
using YamlDotNet.RepresentationModel;

namespace BackCare.Clinical.Evidence.Loading;

/// <summary>Turns YAML entries into evidence records, reporting problems with file and line.</summary>
internal sealed class EntityParsers(YamlReader r, List<Reference> refs)
{
    public Source? Source(YamlMappingNode m)
    {
        r.CheckKeys(m, "id", "label", "kind", "authors", "title", "container", "year", "updated", "doi", "pmid", "url", "check", "note");
        var id = r.Id(m);
        var kind = r.Enum<SourceKind>(m, "kind", required: true);
        var authors = r.String(m, "authors", required: true);
        var title = r.String(m, "title", required: true);
        var container = r.String(m, "container", required: true);
        var year = r.Int(m, "year", required: true, min: 1900, max: 2100);
        var check = r.Enum<Confirmation>(m, "check", required: true);
        if (kind is null || authors is null || title is null || container is null || year is null || check is null) return null;
        var doi = r.String(m, "doi");
        var pmid = r.String(m, "pmid");
        var url = r.String(m, "url");
        if (pmid is not null && !pmid.All(char.IsAsciiDigit)) r.Problem(r.Get(m, "pmid")!, "pmid must be digits only");
        if (doi is not null && !doi.StartsWith("10.", StringComparison.Ordinal)) r.Problem(r.Get(m, "doi")!, "doi must start with '10.'");
        return new Source(id, kind.Value, authors, title, container, year.Value, r.Int(m, "updated", min: 1900, max: 2100),
            doi, pmid, url, check.Value, r.String(m, "note")) { Label = r.String(m, "label") };
    }

    public MonographSections Sections(YamlMappingNode m)
    {
        DurationStatement? duration = null;
        if (r.Get(m, "maxDuration") is YamlMappingNode durationNode)
        {
            var statement = r.Statement(durationNode, refs, "weeks");
            var weeks = r.Int(durationNode, "weeks", min: 1, max: 520);
            if (statement is not null) duration = new DurationStatement(statement, weeks);
        }
        else if (r.Get(m, "maxDuration") is { } other)
        {
            r.Problem(other, "'maxDuration' must be a statement mapping {weeks?, text, sources}");
        }

        return new MonographSections(
            r.Statement(m, "summary", refs),
            r.Statement(m, "mechanism", refs),
            r.Statements(m, "backPain", refs),
            r.Statements(m, "risks", refs),
            r.Statements(m, "boxedWarnings", refs),
            r.Statements(m, "contraindications", refs),
            r.Statements(m, "pregnancy", refs),
            r.Statements(m, "breastfeeding", refs),
            r.Statements(m, "olderAdults", refs),
            duration);
    }

    private static readonly string[] SectionKeys =
        ["summary", "mechanism", "backPain", "risks", "boxedWarnings", "contraindications", "pregnancy", "breastfeeding", "olderAdults", "maxDuration"];

    public DrugClass Class(YamlMappingNode m)
    {
        r.CheckKeys(m, ["id", "name", "parents", .. SectionKeys]);
        var id = r.Id(m);
        var name = r.String(m, "name", required: true) ?? id;
        var parents = r.References(m, "parents", ReferenceKind.DrugClass, refs);
        return new DrugClass(id, name, parents, Sections(m));
    }

    public Drug Drug(YamlMappingNode m)
    {
        r.CheckKeys(m, ["id", "name", "synonyms", "classes", "atc", "rxnorm", "brands", .. SectionKeys]);
        var id = r.Id(m);
        var name = r.String(m, "name", required: true) ?? id;
        var synonyms = r.TextList(m, "synonyms", isIdList: true);
        var classes = r.References(m, "classes", ReferenceKind.DrugClass, refs, required: false);
        if (r.Get(m, "classes") is null) r.Problem(m, "missing required list 'classes' (use [] for none)");
        var brands = Brands(r.Mapping(m, "brands", required: true));
        return new Drug(id, name, synonyms, classes, [], Code(m, "atc"), Code(m, "rxnorm"), brands, Sections(m));
    }

    private Brands Brands(YamlMappingNode? m)
    {
        if (m is null) return new Brands([], []);
        r.CheckKeys(m, "us", "uk");
        return new Brands(r.TextList(m, "us", required: true, isIdList: true), r.TextList(m, "uk", required: true, isIdList: true));
    }

    private CheckedCode? Code(YamlMappingNode parent, string key)
    {
        var m = r.Mapping(parent, key);
        if (m is null) return null;
        r.CheckKeys(m, "code", "check", "seen_in");
        var code = r.String(m, "code", required: true);
        var check = r.Enum<CodeCheck>(m, "check", required: true);
        var seenIn = r.String(m, "seen_in");
        if (check == CodeCheck.VerifiedShipped && seenIn is null)
        {
            r.Problem(m, "a verified_shipped code must say which shipped file it was seen in ('seen_in')");
        }
        else if (key == "rxnorm" && check == CodeCheck.CheckedExternal && seenIn is null)
        {
            r.Problem(m, "a checked_external RxNorm code must name where it was seen ('seen_in': repository, file, line and commit); otherwise mark it unverified");
        }

        if (key == "rxnorm" && code is not null && !code.All(char.IsAsciiDigit))
        {
            r.Problem(r.Get(m, "code")!, "an RxNorm code (RXCUI) is digits only");
        }

        return code is null || check is null ? null : new CheckedCode(code, check.Value, seenIn);
    }

    public InteractionRule? Interaction(YamlMappingNode m)
    {
        r.CheckKeys(m, "id", "title", "between", "severity", "summary", "detail", "advice", "sources");
        var id = r.Id(m);
        var title = r.String(m, "title", required: true) ?? id;
        var severity = r.Enum<Severity>(m, "severity", required: true);
        var between = ImmutableArray.CreateBuilder<DrugSelector>();
        var seq = r.Sequence(m, "between", required: true);
        foreach (var item in seq?.Children ?? [])
        {
            if (item is not YamlMappingNode selector)
            {
                r.Problem(item, "each 'between' entry must be {classes: [...], ingredients: [...]}");
                continue;
            }

            r.CheckKeys(selector, "classes", "ingredients");
            var classes = r.References(selector, "classes", ReferenceKind.DrugClass, refs);
            var ingredients = r.References(selector, "ingredients", ReferenceKind.Drug, refs);
            if (classes.IsEmpty && ingredients.IsEmpty) r.Problem(selector, "a selector must name classes or ingredients");
            between.Add(new DrugSelector(classes, ingredients));
        }

        if (seq is not null && between.Count < 2) r.Problem(seq, "an interaction needs at least two entries in 'between'");
        var summary = r.PatientText(m, "summary");
        var detail = r.Text(m, "detail");
        var advice = r.PatientText(m, "advice");
        var sources = r.References(m, "sources", ReferenceKind.Source, refs, required: true);
        return severity is null ? null : new InteractionRule(id, title, between.ToImmutable(), severity.Value, summary, detail, advice, sources);
    }

    public Intervention? Intervention(YamlMappingNode m)
    {
        r.CheckKeys(m, "id", "name", "kind", "drugClasses", "drugs", "summary", "recommendations");
        var id = r.Id(m);
        var name = r.String(m, "name", required: true) ?? id;
        var kind = r.Enum<InterventionKind>(m, "kind", required: true);
        var drugClasses = r.References(m, "drugClasses", ReferenceKind.DrugClass, refs);
        var drugs = r.References(m, "drugs", ReferenceKind.Drug, refs);
        if (kind == InterventionKind.Drug && drugClasses.IsEmpty && drugs.IsEmpty)
        {
            r.Problem(m, "a drug intervention must name 'drugClasses' or 'drugs'");
        }

        var summary = r.Statement(m, "summary", refs, required: true);
        var recommendations = ImmutableArray.CreateBuilder<Recommendation>();
        foreach (var item in r.Sequence(m, "recommendations", required: true)?.Children ?? [])
        {
            if (item is not YamlMappingNode rec)
            {
                r.Problem(item, "each recommendation must be a mapping");
                continue;
            }

            var guideline = r.String(rec, "guideline", required: true);
            if (guideline is not null)
            {
                var node = r.Get(rec, "guideline")!;
                refs.Add(new Reference(ReferenceKind.Source, guideline, r.File, (int)node.Start.Line, (int)node.Start.Column));
            }

            var direction = r.Enum<Direction>(rec, "direction", required: true);
            var populations = r.EnumList<Population>(rec, "populations", required: true);
            var condition = r.String(rec, "condition") ?? "low_back_pain";
            if (condition is not ("low_back_pain" or "sciatica"))
            {
                r.Problem(r.Get(rec, "condition")!, "'condition' must be low_back_pain or sciatica");
            }

            var certainty = r.Enum<Certainty>(rec, "certainty", required: true);
            var statement = r.Statement(rec, refs, "guideline", "direction", "populations", "condition", "certainty");
            if (guideline is not null && direction is not null && certainty is not null && statement is not null)
            {
                recommendations.Add(new Recommendation(guideline, direction.Value, populations, condition, certainty.Value, statement));
            }
        }

        return kind is null || summary is null
            ? null
            : new Intervention(id, name, kind.Value, drugClasses, drugs, summary, recommendations.ToImmutable());
    }

    public Technique? Technique(YamlMappingNode m)
    {
        r.CheckKeys(m, "id", "name", "kind", "durationMinutes", "pattern", "activities", "steps", "cautions", "evidence", "sources");
        var id = r.Id(m);
        var name = r.String(m, "name", required: true) ?? id;
        var kind = r.Enum<TechniqueKind>(m, "kind", required: true);
        var minutes = r.Int(m, "durationMinutes", required: true, min: 1, max: 120);
        BreathingPattern? pattern = null;
        if (r.Mapping(m, "pattern") is { } p)
        {
            r.CheckKeys(p, "inhale", "holdIn", "exhale", "holdOut");
            pattern = new BreathingPattern(
                r.Int(p, "inhale", required: true, min: 1, max: 20) ?? 4,
                r.Int(p, "holdIn", min: 0, max: 20) ?? 0,
                r.Int(p, "exhale", required: true, min: 1, max: 20) ?? 4,
                r.Int(p, "holdOut", min: 0, max: 20) ?? 0);
        }

        if (kind == TechniqueKind.Breathing && pattern is null) r.Problem(m, "a breathing technique needs a 'pattern'");
        var steps = r.TextList(m, "steps", required: true);
        var cautions = r.TextList(m, "cautions");
        var evidence = r.Statement(m, "evidence", refs, required: true);
        var sources = r.References(m, "sources", ReferenceKind.Source, refs, required: true);
        return kind is null || minutes is null || evidence is null
            ? null
            : new Technique(id, name, kind.Value, minutes.Value, pattern, r.TextList(m, "activities", isIdList: true), steps, cautions, evidence, sources);
    }

    public EducationTopic Topic(YamlMappingNode m)
    {
        r.CheckKeys(m, "id", "title", "sections");
        var id = r.Id(m);
        var title = r.String(m, "title", required: true) ?? id;
        if (r.Get(m, "sections") is null) r.Problem(m, "missing required list 'sections'");
        return new EducationTopic(id, title, r.Statements(m, "sections", refs));
    }

    public Myth? Myth(YamlMappingNode m)
    {
        r.CheckKeys(m, "id", "claim", "verdict", "explanation");
        var id = r.Id(m);
        var claim = r.String(m, "claim", required: true);
        var verdict = r.Enum<MythVerdict>(m, "verdict", required: true);
        var explanation = r.Statement(m, "explanation", refs, required: true);
        return claim is null || verdict is null || explanation is null ? null : new Myth(id, claim, verdict.Value, explanation);
    }
}
