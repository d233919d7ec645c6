using BackCare.Clinical.Evidence;
using BackCare.Clinical.Evidence.Loading;

namespace BackCare.Cli.Commands;

/// <summary>JSON shapes of evidence records (public interface: extend, never rename).</summary>
internal static class EvidenceViews
{
    public static object Statement(Statement s, string? from = null) => new
    {
        text = s.Text,
        sources = s.Sources,
        status = EnumNames.ToSnake(s.Status),
        from,
    };

    public static object Source(Source s) => new
    {
        id = s.Id,
        kind = EnumNames.ToSnake(s.Kind),
        citation = s.ShortCitation,
        authors = s.Authors,
        title = s.Title,
        container = s.Container,
        year = s.Year,
        updated = s.Updated,
        doi = s.Doi,
        pmid = s.Pmid,
        url = s.Url,
        check = EnumNames.ToSnake(s.Check),
        note = s.Note,
    };

    public static object? Code(CheckedCode? c) => c is null ? null : new
    {
        code = c.Code,
        check = EnumNames.ToSnake(c.Check),
        verified = c.IsVerified,
        seenIn = c.SeenIn,
    };

    public static object Recommendation(Recommendation r) => new
    {
        guideline = r.Guideline,
        direction = EnumNames.ToSnake(r.Direction),
        populations = r.Populations.Select(p => EnumNames.ToSnake(p)),
        condition = r.Condition,
        certainty = EnumNames.ToSnake(r.Certainty),
        text = r.Statement.Text,
        sources = r.Statement.Sources,
        status = EnumNames.ToSnake(r.Statement.Status),
    };

    public static object Drug(EvidenceBase evidence, Drug drug)
    {
        var m = evidence.Monograph(drug);
        static IEnumerable<object> List(IEnumerable<SourcedStatement> items) => items.Select(i => Statement(i.Statement, i.From));
        return new
        {
            kind = "drug",
            id = drug.Id,
            name = drug.Name,
            synonyms = drug.Synonyms,
            classes = drug.Classes,
            allClasses = drug.AllClasses,
            atc = Code(drug.Atc),
            rxnorm = Code(drug.RxNorm),
            brands = new { us = drug.Brands.Us, uk = drug.Brands.Uk },
            summary = List(m.Summary),
            mechanism = List(m.Mechanism),
            backPain = List(m.BackPain),
            risks = List(m.Risks),
            boxedWarnings = List(m.BoxedWarnings),
            contraindications = List(m.Contraindications),
            pregnancy = List(m.Pregnancy),
            breastfeeding = List(m.Breastfeeding),
            olderAdults = List(m.OlderAdults),
            maxDuration = m.MaxDuration is null ? null : new
            {
                weeks = m.MaxDuration.Duration.Weeks,
                text = m.MaxDuration.Duration.Statement.Text,
                sources = m.MaxDuration.Duration.Statement.Sources,
                status = EnumNames.ToSnake(m.MaxDuration.Duration.Statement.Status),
                from = m.MaxDuration.From,
            },
            interactions = m.Interactions.Select(i => new { id = i.Id, title = i.Title, severity = EnumNames.ToSnake(i.Severity) }),
            guidelinePositions = m.GuidelinePositions.Select(i => new { id = i.Id, name = i.Name, recommendations = i.Recommendations.Select(Recommendation) }),
            sources = Sources(evidence, m.SourceIds),
        };
    }

    public static object Entity(EvidenceBase evidence, object entity) => entity switch
    {
        Drug d => Drug(evidence, d),
        Source s => new { kind = "source", source = Source(s) },
        DrugClass c => new
        {
            kind = "class",
            id = c.Id,
            name = c.Name,
            parents = c.Parents,
            members = evidence.DrugsInClass(c.Id).Select(d => d.Id),
            statements = c.Sections.AllStatements().Select(s => Statement(s)),
            sources = Sources(evidence, c.Sections.AllStatements().SelectMany(s => s.Sources)),
        },
        Intervention i => new
        {
            kind = "intervention",
            id = i.Id,
            name = i.Name,
            type = EnumNames.ToSnake(i.Kind),
            drugClasses = i.DrugClasses,
            drugs = i.Drugs,
            summary = Statement(i.Summary),
            recommendations = i.Recommendations.Select(Recommendation),
            sources = Sources(evidence, i.Summary.Sources.Concat(i.Recommendations.SelectMany(r => r.Statement.Sources.Append(r.Guideline)))),
        },
        InteractionRule r => new
        {
            kind = "interaction",
            id = r.Id,
            title = r.Title,
            between = r.Between.Select(b => new { classes = b.Classes, ingredients = b.Ingredients }),
            severity = EnumNames.ToSnake(r.Severity),
            summary = r.Summary,
            detail = r.Detail,
            advice = r.Advice,
            sources = Sources(evidence, r.Sources),
        },
        Technique t => new
        {
            kind = "technique",
            id = t.Id,
            name = t.Name,
            type = EnumNames.ToSnake(t.Kind),
            durationMinutes = t.DurationMinutes,
            pattern = t.Pattern,
            activities = t.Activities,
            steps = t.Steps,
            cautions = t.Cautions,
            evidence = Statement(t.Evidence),
            sources = Sources(evidence, t.Sources.Concat(t.Evidence.Sources)),
        },
        EducationTopic t => new
        {
            kind = "topic",
            id = t.Id,
            title = t.Title,
            sections = t.Sections.Select(s => Statement(s)),
            sources = Sources(evidence, t.Sections.SelectMany(s => s.Sources)),
        },
        Myth m => new
        {
            kind = "myth",
            id = m.Id,
            claim = m.Claim,
            verdict = EnumNames.ToSnake(m.Verdict),
            explanation = Statement(m.Explanation),
            sources = Sources(evidence, m.Explanation.Sources),
        },
        BackCare.Clinical.Assessment.Instrument i => new
        {
            kind = "instrument",
            id = i.Id,
            name = i.Name,
            recallPeriod = i.RecallPeriod,
            scoring = EnumNames.ToSnake(i.Scoring),
            maxScore = i.MaxScore,
            loinc = i.Loinc,
            licence = i.Licence,
            description = Statement(i.Description),
            items = i.Items.Select(x => new { number = x.Number, text = i.Licence.ReproduceItems ? x.Text : null, label = x.Label, loinc = x.Loinc, answers = x.Answers }),
            bands = i.Bands.Select(b => new { band = b.Band, min = b.Min, max = b.Max, meaning = Statement(b.Meaning) }),
            sources = Sources(evidence, i.Description.Sources.Concat(i.Bands.SelectMany(b => b.Meaning.Sources))),
        },
        BackCare.Clinical.Triage.TriageRule t => new
        {
            kind = "triage_rule",
            id = t.Id,
            condition = t.Condition,
            urgency = EnumNames.ToSnake(t.Urgency),
            all = t.All,
            any = t.Any,
            atLeast = t.AtLeast,
            minAge = t.MinAge,
            maxAge = t.MaxAge,
            minDurationDays = t.MinDurationDays,
            maxOnsetAge = t.MaxOnsetAge,
            reason = t.Reason,
            sources = Sources(evidence, t.Sources),
        },
        BackCare.Clinical.Medications.MedicationRule m => new
        {
            kind = "medication_rule",
            id = m.Id,
            findingKind = EnumNames.ToSnake(m.Kind),
            severity = EnumNames.ToSnake(m.Severity),
            drugs = new { classes = m.Drugs.Classes, ingredients = m.Drugs.Ingredients, except = m.Except },
            when = m.When,
            summary = m.Summary,
            detail = m.Detail,
            advice = m.Advice,
            sources = Sources(evidence, m.Sources),
        },
        BackCare.Clinical.CarePlans.PlanStepTemplate p => new
        {
            kind = "plan_step",
            id = p.Id,
            category = p.Category,
            title = p.Title,
            detail = Statement(p.Detail),
            sources = Sources(evidence, p.Detail.Sources),
        },
        EvidenceClaim c => new
        {
            kind = "claim",
            id = c.Id,
            subject = new { kind = EnumNames.ToSnake(c.Subject.Kind), id = c.Subject.Id },
            outcome = EnumNames.ToSnake(c.Outcome),
            direction = EnumNames.ToSnake(c.Direction),
            strength = EnumNames.ToSnake(c.Strength),
            populations = c.Populations.Select(p => EnumNames.ToSnake(p)),
            statement = Statement(c.Statement),
            sources = Sources(evidence, c.Statement.Sources),
        },
        ClaimTopic t => new
        {
            kind = "claim_topic",
            id = t.Id,
            name = t.Name,
            topicKind = EnumNames.ToSnake(t.Kind),
            terms = t.Terms,
            claims = evidence.Claims.Where(c => c.Subject.Kind == ClaimSubjectKind.Topic && c.Subject.Id == t.Id).Select(c => c.Id),
        },
        _ => throw new ArgumentOutOfRangeException(nameof(entity), entity.GetType().Name, "unknown evidence record"),
    };

    private static List<object> Sources(EvidenceBase evidence, IEnumerable<string> ids) =>
        ids.Distinct(StringComparer.Ordinal).Select(evidence.Source).OfType<Source>().Select(Source).ToList();
}
