using System.Globalization;
using BackCare.App.Assessments;
using BackCare.App.Diary;

namespace BackCare.App.Exports;

/// <summary>A one-page summary to take to an appointment.</summary>
internal static class SummaryPdf
{
    public static byte[] Render(string name, AssessmentRecord? assessment, IReadOnlyList<DiaryEntryRecord> recentFirst, DateTimeOffset now)
    {
        var pdf = new MinimalPdf();
        pdf.Text($"BackCare summary for {name}", 16, bold: true, spaceAfter: 6);
        pdf.Text($"Prepared {now.UtcDateTime.ToString("d MMMM yyyy", CultureInfo.InvariantCulture)}. Information and decision support, not a diagnosis.", 9, spaceAfter: 10);
        var plan = assessment is null ? null : AssessmentService.BuildPlan(assessment);
        if (plan is not null)
        {
            pdf.Text("Assessment", 12, bold: true);
            pdf.Text($"Disposition: {plan.Disposition}. STarT Back risk: {plan.Risk ?? "not answered"}.");
            foreach (var (id, score) in plan.Scores.OrderBy(s => s.Key, StringComparer.Ordinal))
            {
                pdf.Text($"{id.ToUpperInvariant()}: {score.Score.ToString("0.#", CultureInfo.InvariantCulture)}{(score.Band is null ? "" : $" ({score.Band.Replace('_', ' ')})")}");
            }

            pdf.Text("Plan", 12, bold: true, spaceAfter: 2);
            foreach (var step in plan.Steps) pdf.Text($"- {step.Title}: {step.Reason}", 9);
            if (plan.Medications is { Findings.Length: > 0 } meds)
            {
                pdf.Text("Medication points to discuss", 12, bold: true);
                foreach (var f in meds.Findings.Where(f => f.Severity <= BackCare.Clinical.Evidence.Severity.Moderate).Take(6)) pdf.Text($"- {f.Summary}", 9);
            }
        }

        pdf.Text("Recent diary (pain 0-10)", 12, bold: true);
        var withPain = recentFirst.Where(e => e.Pain is not null).Take(28).Reverse().ToList();
        pdf.Text(withPain.Count == 0 ? "No entries yet." : string.Join("   ", withPain.Select(e => $"{e.Date.ToString("d/M", CultureInfo.InvariantCulture)}: {e.Pain}")), 9);
        return pdf.ToBytes($"BackCare summary for {name}");
    }
}
