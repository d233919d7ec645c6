using System.Globalization;
using BackCare.App.Assessments;
using BackCare.App.Diary;
using BackCare.Clinical.CarePlans;
using BackCare.Clinical.Evidence;

namespace BackCare.App.Exports;

/// <summary>
/// A one-page summary to take to an appointment. Emergency, urgent and crisis messages come first, with the
/// deployment's numbers; then scores, the plan (the one the Plan page shows, moved forward by the diary),
/// medication points and the recent diary. Details that do not fit are left out from the end, and the page
/// says so (<see cref="OnePagePdf"/>).
/// </summary>
internal static class SummaryPdf
{
    private const string OmittedNote = "{0} more item(s) did not fit on this page; the BackCare app and its full export have everything.";

    public static byte[] Render(string name, AssessmentRecord? assessment, IReadOnlyList<DiaryEntryRecord> recentFirst, SafetyContacts contacts, DateTimeOffset now)
    {
        var evidence = EmbeddedEvidence.Default;
        var title = $"BackCare summary for {name}";
        var blocks = new List<PdfBlock>
        {
            new(title, BlockPriority.Essential, 16, Bold: true, SpaceAfter: 4),
            new($"Prepared {now.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}. Information and decision support, not a diagnosis.", BlockPriority.Essential, 9, SpaceAfter: 10),
        };

        var entriesSince = assessment?.CompletedAt is { } completed
            ? recentFirst.Where(e => e.Date >= DateOnly.FromDateTime(completed)).ToList()
            : [];
        var plan = assessment is null ? null : AssessmentService.CurrentPlan(assessment, entriesSince);
        if (plan is not null)
        {
            blocks.AddRange(SafetyFirst(plan, contacts));
            blocks.Add(new($"Assessed {assessment!.CompletedAt!.Value.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}. STarT Back risk: {plan.Risk ?? "not answered"}. Review in {plan.FollowUp.ReviewInDays} days.", BlockPriority.Essential));
            blocks.Add(new("Scores", BlockPriority.Essential, 12, Bold: true));
            foreach (var (id, score) in plan.Scores.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                var instrument = evidence.Instrument(id);
                var of = instrument is null ? "" : $" of {instrument.MaxScore}";
                blocks.Add(new($"{instrument?.Name ?? id}: {score.Score.ToString("0.#", CultureInfo.InvariantCulture)}{of}. {score.Meaning}", BlockPriority.Essential, 9, SpaceAfter: 1));
            }

            blocks.Add(new("Plan", BlockPriority.Essential, 12, Bold: true, SpaceAfter: 2));
            foreach (var step in plan.Steps.Where(s => s.Category is not ("emergency" or "urgent_care" or "crisis")))
            {
                blocks.Add(new($"- {step.Title}: {step.Reason}", BlockPriority.Detail, 9, SpaceAfter: 1));
            }

            if (plan.Medications is { Findings.Length: > 0 } meds)
            {
                blocks.Add(new("Medication points to discuss with your prescriber", BlockPriority.Essential, 12, Bold: true));
                foreach (var f in meds.Findings.Where(f => f.Severity <= Severity.Moderate).Take(6))
                {
                    blocks.Add(new($"- {f.Summary}", BlockPriority.Detail, 9, SpaceAfter: 1));
                }
            }
        }
        else
        {
            blocks.Add(new("No completed assessment yet.", BlockPriority.Essential));
        }

        blocks.Add(new("Recent diary (pain 0-10)", BlockPriority.Essential, 12, Bold: true));
        var withPain = recentFirst.Where(e => e.Pain is not null).Take(28).Reverse().ToList();
        blocks.Add(new(
            withPain.Count == 0 ? "No entries yet." : string.Join("   ", withPain.Select(e => $"{e.Date.ToString("d MMM", CultureInfo.InvariantCulture)}: {e.Pain}")),
            BlockPriority.Detail, 9));
        return OnePagePdf.Render(title, blocks, OmittedNote);
    }

    /// <summary>Emergency, same-day and crisis messages, plainly, with the numbers to call.</summary>
    private static IEnumerable<PdfBlock> SafetyFirst(CarePlan plan, SafetyContacts contacts)
    {
        foreach (var step in plan.Steps.Where(s => s.Category is "emergency" or "urgent_care" or "crisis"))
        {
            var call = step.Category switch
            {
                "emergency" => $"Emergency number: {contacts.EmergencyNumber}.",
                "urgent_care" => $"Same-day advice: {contacts.UrgentAdviceLine}. In an emergency: {contacts.EmergencyNumber}.",
                _ => $"Crisis line: {contacts.CrisisLine}. If you are in danger now: {contacts.EmergencyNumber}.",
            };
            yield return new PdfBlock($"{step.Title}. {step.Detail} {step.Reason} {call}", BlockPriority.Safety, 11, Bold: true, SpaceAfter: 12, Alert: true);
        }
    }
}
