using System.Globalization;
using BackCare.App.Clinicians;
using BackCare.Clinical.Evidence;

namespace BackCare.App.Exports;

/// <summary>
/// The clinician summary on one page (issue 16): safety first in a framed block, then STarT Back group and matched
/// pathway, scores over time with the progress engine's verdict, other alerts, medicines with findings, sleep, the plan
/// and how it is going, and what changed. Every clinical statement is the evidence base's wording with its sources in
/// brackets; black on white (the safety frame prints as a dark line); what does not fit is counted on the page.
/// </summary>
public static class ClinicianSummaryPdf
{
    private static readonly PdfText Text = new("BackCare.App.Exports.ClinicianSummaryText");

    private static string T(string key, params object?[] args) => Text[key, args];

    private static string D(DateTime value) => value.ToString(T("DateFormat"), CultureInfo.InvariantCulture);

    private static string N(double value) => value.ToString("0.#", CultureInfo.InvariantCulture);

    /// <param name="kindLabel">The panel's name for an alert kind (the web resources), so page and PDF say the same.</param>
    public static byte[] Render(PatientSummary s, EvidenceBase evidence, string clinicianName, Func<string, string> kindLabel, DateTimeOffset now)
    {
        string Line(RowAlert a) => a.Alert.Kind == AlertKinds.StoppedCheckingIn
            ? T("StoppedLine", D(a.Alert.Since))
            : T("AlertLine", kindLabel(a.Alert.Kind), a.Alert.Text, evidence.Cite(a.Alert.Sources), D(a.Alert.Since));

        var title = T("Title", s.Name);
        var blocks = new List<PdfBlock>
        {
            new(title, BlockPriority.Essential, 15, Bold: true, SpaceAfter: 3),
            new(T("Prepared", D(now.UtcDateTime), clinicianName), BlockPriority.Essential, 8, SpaceAfter: 8),
            new(T("Safety"), BlockPriority.Safety, 12, Bold: true, SpaceAfter: 2),
        };
        var safety = s.Safety.ToList();
        blocks.Add(safety.Count == 0
            ? new PdfBlock(T("NoSafety"), BlockPriority.Safety, 10, SpaceAfter: 8)
            : new PdfBlock(string.Join(" ", safety.Select(Line)), BlockPriority.Safety, 10, Bold: true, SpaceAfter: 10, Alert: true));

        blocks.Add(new(T("Risk"), BlockPriority.Essential, 11, Bold: true, SpaceAfter: 2));
        blocks.Add(s.ScoresOf("startback").LastOrDefault() is { } sb
            ? new PdfBlock(T("RiskLine", sb.InstrumentName, N(sb.Score), N(sb.MaxScore), D(sb.Date), sb.Meaning?.Text ?? sb.Band, evidence.Cite(sb.Meaning?.Sources ?? [])), BlockPriority.Essential, 9)
            : new PdfBlock(T("NotAnswered"), BlockPriority.Essential, 9));

        blocks.Add(new(T("Course"), BlockPriority.Essential, 11, Bold: true, SpaceAfter: 2));
        foreach (var instrument in new[] { "nrs", "peg", "rmdq", "gad7", "phq9" })
        {
            var points = s.ScoresOf(instrument).ToList();
            if (points.Count == 0) continue;
            blocks.Add(new(T("ScoreLine", points[0].InstrumentName, string.Join(" -> ", points.Select(p => $"{N(p.Score)}/{N(p.MaxScore)} ({D(p.Date)})"))), BlockPriority.Essential, 9, SpaceAfter: 1));
        }

        foreach (var reason in s.Progress?.Reasons ?? [])
        {
            blocks.Add(new(T("ReasonLine", reason.Text, evidence.Cite(reason.Sources)), BlockPriority.Essential, 9, SpaceAfter: 1));
        }

        var others = s.Row.Alerts.Where(a => AlertKinds.Group(a.Alert.Kind) != AlertKinds.Safety).ToList();
        if (others.Count > 0)
        {
            blocks.Add(new(T("OtherAlerts"), BlockPriority.Essential, 11, Bold: true, SpaceAfter: 2));
            blocks.AddRange(others.Select(a => new PdfBlock(Line(a), BlockPriority.Essential, 9, SpaceAfter: 1)));
        }

        blocks.Add(new(T("Medicines"), BlockPriority.Essential, 11, Bold: true, SpaceAfter: 2));
        if (s.Plan?.Medications is { Medications.Length: > 0 } meds)
        {
            blocks.Add(new(string.Join(", ", meds.Medications.Select(m => m.Recognized.Input)), BlockPriority.Essential, 9, SpaceAfter: 1));
            foreach (var f in meds.Findings.OrderBy(f => f.Severity))
            {
                blocks.Add(new(T("FindingLine", f.Severity, f.Summary, f.Advice, evidence.Cite(f.Sources)), f.Severity <= Severity.Major ? BlockPriority.Essential : BlockPriority.Detail, 9, SpaceAfter: 1));
            }

            foreach (var g in s.Guidelines)
            {
                blocks.Add(new(T("GuidelineLine", g.Medicine, g.Statement.Text, evidence.Cite(g.Statement.Sources)), BlockPriority.Detail, 9, SpaceAfter: 1));
            }
        }
        else
        {
            blocks.Add(new(T("NoMedicines"), BlockPriority.Essential, 9));
        }

        var sleep = s.Latest?.Assessment?.Sleep;
        blocks.Add(new(T("SleepLine", sleep?.HoursPerNight is { } h ? N(h) : "-", sleep?.Quality?.ToString(CultureInfo.InvariantCulture) ?? "-",
            s.SleepHoursLast7Days is { } d ? N(d) : T("None")), BlockPriority.Detail, 9));

        blocks.Add(new(T("Plan"), BlockPriority.Essential, 11, Bold: true, SpaceAfter: 2));
        blocks.Add(new(T("Adherence", s.Adherence.CheckInsLast28Days, s.Adherence.TechniqueDaysLast28Days, s.Adherence.ActivityMinutesLast7Days, s.Adherence.ActivityMinutesLast28Days), BlockPriority.Essential, 9, SpaceAfter: 2));
        foreach (var step in s.Plan?.Steps ?? [])
        {
            blocks.Add(new(T("StepLine", step.Title, evidence.Cite(step.Sources)), BlockPriority.Detail, 9, SpaceAfter: 1));
        }

        blocks.Add(new(s.Changes.LastLooked is { } looked
            ? T("Changed", D(looked.UtcDateTime), s.Changes.NewCheckIns, s.Changes.NewAssessments, s.Changes.NewAlerts.Count)
            : T("FirstLook"), BlockPriority.Detail, 9));
        return OnePagePdf.Render(title, blocks, T("Omitted"));
    }
}
