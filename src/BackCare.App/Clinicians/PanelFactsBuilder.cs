using System.Collections.Immutable;
using System.Globalization;
using BackCare.App.Assessments;
using BackCare.App.Diary;
using BackCare.Clinical.Evidence;
using BackCare.Clinical.Triage;

namespace BackCare.App.Clinicians;

/// <summary>
/// A patient's panel facts from their latest completed assessment and their diary, with the engines the patient's own
/// pages use (triage, scoring, medication check, progress). Every alert's text and sources come from the evidence base:
/// red flags by their clinician label (triage.yaml), PHQ-9 item 9 by the self-harm finding's label, escalations by the
/// progress engine's messages, STarT Back high by the instrument's band meaning, medicines by the finding's summary.
/// </summary>
public sealed class PanelFactsBuilder(EvidenceBase evidence, CurrentPlans plans)
{
    /// <summary>The progress messages that call for a clinician (care-plan.yaml, progressSettings.messages).</summary>
    private static readonly ImmutableArray<string> EscalationCodes = ["important_worsening", "no_improvement_by_review_point", "function_worsened", "peg_worsened"];

    /// <param name="importedPhq9">PHQ-9 responses brought in by FHIR import: the newest, if it is newer than the latest
    /// assessment and answers item 9 above zero, raises the self-harm alert; an imported answer never clears one.</param>
    public PanelFacts Build(StoredAssessment? latest, IReadOnlyList<DiaryEntryRecord> diary, IReadOnlyList<Fhir.ImportedResponseRecord> importedPhq9)
    {
        var facts = BuildFromAssessment(latest, diary);

        // The newer answer replaces the assessment's crisis alert (its own signature and date), so a clinician who marked
        // the earlier one reviewed sees this one as new.
        return ImportedSelfHarmAlert(latest?.Record.CompletedAt, importedPhq9) is { } alert
            ? facts with { Alerts = [.. facts.Alerts.Where(a => a.Kind != AlertKinds.Crisis).Append(alert).OrderBy(a => a.Rank)] }
            : facts;
    }

    private PanelAlert? ImportedSelfHarmAlert(DateTime? assessedAt, IReadOnlyList<Fhir.ImportedResponseRecord> imported)
    {
        if (Fhir.ImportedSelfHarm.NewestPositive(evidence, imported, assessedAt) is not { } newest) return null;
        var finding = evidence.Finding("self_harm_thoughts");
        return new PanelAlert(AlertKinds.Crisis, AlertKinds.Rank(AlertKinds.Crisis), finding?.Label ?? "self_harm_thoughts", finding?.Sources ?? [],
            newest.AuthoredAt, $"{newest.Id:N}:self_harm");
    }

    private PanelFacts BuildFromAssessment(StoredAssessment? latest, IReadOnlyList<DiaryEntryRecord> diary)
    {
        var checkIns = diary.Where(e => e.Pain is not null).Select(e => e.Date).ToList();
        DateOnly? first = checkIns.Count > 0 ? checkIns.Min() : null;
        DateOnly? last = checkIns.Count > 0 ? checkIns.Max() : null;
        if (latest?.Assessment is not { } assessment || latest.Record.CompletedAt is not { } completed)
        {
            return PanelFacts.None with { FirstCheckIn = first, LastCheckIn = last };
        }

        var id = latest.Record.Id;
        var alerts = new List<PanelAlert>();
        void Add(string kind, string text, ImmutableArray<string> sources, DateTime since, string signature) =>
            alerts.Add(new PanelAlert(kind, AlertKinds.Rank(kind), text, sources, since, $"{id:N}:{signature}"));

        var plan = plans.Build(assessment);
        var triage = plan?.Triage ?? (assessment.Age is { } age && assessment.DurationWeeks is { } weeks
            ? TriageEngine.Evaluate(evidence, new TriageInput(age, weeks * 7, assessment.Findings)).Result
            : null);
        foreach (var flag in triage?.Flags.Where(f => !f.Crisis && f.Urgency <= Disposition.Urgent) ?? [])
        {
            var labels = flag.Findings.Select(f => evidence.Finding(f)?.Label).OfType<string>().ToList();
            Add(flag.Urgency == Disposition.Emergency ? AlertKinds.Emergency : AlertKinds.Urgent,
                labels.Count > 0 ? string.Join("; ", labels) : flag.Reason, flag.Sources, completed, flag.Rule);
        }

        if (assessment.SelfHarmThoughts || triage?.Crisis == true)
        {
            var finding = evidence.Finding("self_harm_thoughts");
            Add(AlertKinds.Crisis, finding?.Label ?? "self_harm_thoughts", finding?.Sources ?? [], completed, "self_harm");
        }

        var risk = plan?.Scores.GetValueOrDefault("startback")?.Band;
        if (risk == "high" && evidence.Instrument("startback")?.Band("high")?.Meaning is { } meaning)
        {
            Add(AlertKinds.StartBackHigh, meaning.Text, meaning.Sources, completed, "startback_high");
        }

        foreach (var finding in plan?.Medications?.Findings.Where(f => f.Severity <= Severity.Major) ?? [])
        {
            Add(AlertKinds.Medication, finding.Summary, finding.Sources, completed, finding.Rule + ":" + string.Join(",", finding.Drugs));
        }

        var since = CurrentPlans.DiarySince(latest.Record, diary);
        if (since.Count(e => e.Pain is not null) >= plans.ProgressEngine.MinimumDays)
        {
            var progress = plans.Progress(since, assessment.DurationWeeks ?? 0);
            var reasons = progress.Reasons.Where(r => EscalationCodes.Contains(r.Code)).ToList();
            if (progress.Escalate && reasons.Count > 0)
            {
                var lastDay = since.Where(e => e.Pain is not null).Max(e => e.Date).ToDateTime(TimeOnly.MinValue, DateTimeKind.Utc);
                var level = Math.Round(progress.CurrentPain ?? 0).ToString(CultureInfo.InvariantCulture);
                Add(AlertKinds.Escalation, string.Join(" ", reasons.Select(r => r.Text)), [.. reasons.SelectMany(r => r.Sources).Distinct()],
                    lastDay, string.Join(",", reasons.Select(r => r.Code)) + ":" + level);
            }
        }

        return new PanelFacts(id, completed, risk, first, last, [.. alerts.OrderBy(a => a.Rank)]);
    }
}
