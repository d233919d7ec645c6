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
    private static readonly PdfText Text = new("BackCare.App.Exports.SummaryText");

    /// <summary>A string from SummaryText.resx, formatted.</summary>
    private static string T(string key, params object?[] args) => Text[key, args];

    private static string Date(DateTime value) => value.ToString(T("DateFormat"), CultureInfo.CurrentCulture);

    /// <param name="plan">The plan the Plan page shows (moved forward by the diary), or null when there is no readable assessment.</param>
    /// <param name="recentFirst">The recent diary, newest first.</param>
    public static byte[] Render(EvidenceBase evidence, string name, DateTime? assessedAt, CarePlan? plan, IReadOnlyList<DiaryEntryRecord> recentFirst, SafetyContacts contacts, DateTimeOffset now)
    {
        var title = T("Title", name);
        var blocks = new List<PdfBlock>
        {
            new(title, BlockPriority.Essential, 16, Bold: true, SpaceAfter: 4),
            new(T("Prepared", Date(now.UtcDateTime)), BlockPriority.Essential, 9, SpaceAfter: 10),
        };

        if (plan is not null && assessedAt is { } assessed)
        {
            blocks.AddRange(SafetyFirst(evidence, plan, contacts));
            blocks.Add(new(T("Assessed", Date(assessed), plan.Risk ?? T("NotAnswered"), plan.FollowUp.ReviewInDays), BlockPriority.Essential));
            blocks.Add(new(T("Scores"), BlockPriority.Essential, 12, Bold: true));
            foreach (var score in AssessmentService.ScoresInOrder(plan))
            {
                var instrument = evidence.Instrument(score.Instrument);
                var value = score.Score.ToString("0.#", CultureInfo.CurrentCulture);
                blocks.Add(new(T("ScoreLine", instrument?.Name ?? score.Instrument, value, instrument?.MaxScore.ToString(CultureInfo.CurrentCulture) ?? "?", score.Meaning ?? ""), BlockPriority.Essential, 9, SpaceAfter: 1));
            }

            blocks.Add(new(T("Plan"), BlockPriority.Essential, 12, Bold: true, SpaceAfter: 2));
            foreach (var step in plan.Steps.Where(s => !IsSafety(s)))
            {
                blocks.Add(new($"- {step.Title}: {step.Reason}", BlockPriority.Detail, 9, SpaceAfter: 1));
            }

            if (plan.Medications is { Findings.Length: > 0 } meds)
            {
                blocks.Add(new(T("MedicationPoints"), BlockPriority.Essential, 12, Bold: true));
                foreach (var f in meds.Findings.Where(f => f.Severity <= Severity.Moderate).Take(6))
                {
                    blocks.Add(new($"- {f.Summary}", BlockPriority.Detail, 9, SpaceAfter: 1));
                }
            }
        }
        else
        {
            blocks.Add(new(T("NoAssessment"), BlockPriority.Essential));
        }

        blocks.Add(new(T("RecentDiary"), BlockPriority.Essential, 12, Bold: true));
        var withPain = recentFirst.Where(e => e.Pain is not null).Take(28).Reverse().ToList();
        blocks.Add(new(
            withPain.Count == 0 ? T("NoEntries") : string.Join("   ", withPain.Select(e => $"{e.Date.ToString(T("DiaryDateFormat"), CultureInfo.CurrentCulture)}: {e.Pain}")),
            BlockPriority.Detail, 9));
        return OnePagePdf.Render(title, blocks, T("Omitted"));
    }

    /// <summary>Steps that say to get help now or today; they lead the page instead of sitting in the plan list.</summary>
    private static bool IsSafety(PlanStep step) => step.Category is "emergency" or "urgent_care" or "crisis";

    /// <summary>Emergency, same-day and crisis messages, plainly, with the numbers to call.</summary>
    private static IEnumerable<PdfBlock> SafetyFirst(EvidenceBase evidence, CarePlan plan, SafetyContacts contacts)
    {
        var words = new SafetyContactWords(contacts.CrisisLine, contacts.EmergencyNumber, contacts.UrgentAdviceLine);
        foreach (var step in plan.Steps.Where(IsSafety))
        {
            // The crisis message itself carries the numbers; emergency and same-day steps add the numbers to call.
            var text = step.Category switch
            {
                "emergency" => $"{step.Detail} {step.Reason} {SafetyMessages.Fill(evidence, "emergency_call", words)}",
                "urgent_care" => $"{step.Detail} {step.Reason} {SafetyMessages.Fill(evidence, "urgent_call", words)}",
                _ => $"{SafetyMessages.Fill(evidence, "crisis", words)} {step.Reason}",
            };
            yield return new PdfBlock($"{step.Title}. {text}", BlockPriority.Safety, 11, Bold: true, SpaceAfter: 12, Alert: true);
        }
    }
}
