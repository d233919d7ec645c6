using BackCare.App.Assessments;
using BackCare.App.Diary;
using BackCare.App.Exports;
using BackCare.Clinical.CarePlans;
using BackCare.Clinical.Evidence;
using BackCare.Clinical.Medications;
using UglyToad.PdfPig;

namespace BackCare.App.Tests.Exports;

/// <summary>The appointment summary, read back with an independent PDF reader (PdfPig's parser).</summary>
public sealed class SummaryPdfTests
{
    private static readonly SafetyContacts Contacts = new("112", "Ask-a-nurse 0800 000", "Test crisis line 0800 111");
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 9, 0, 0, TimeSpan.Zero);

    private static AssessmentRecord Assessment(string json) => new()
    {
        Id = Guid.NewGuid(),
        Step = "done",
        StartedAt = Now.UtcDateTime.AddDays(-30),
        CompletedAt = Now.UtcDateTime.AddDays(-30),
        InputJson = json,
    };

    private static readonly EvidenceBase Evidence = EmbeddedEvidence.Default;

    private static readonly CurrentPlans Plans = new(
        new CarePlanEngine(Evidence, new MedicationChecker(Evidence, new MedicationRecognizer(Evidence))), new ProgressEngine(Evidence));

    /// <summary>The summary as ExportService renders it: the plan the Plan page shows, from the stored assessment and diary.</summary>
    private static byte[] Render(string name, AssessmentRecord? assessment, List<DiaryEntryRecord> diary) =>
        SummaryPdf.Render(Evidence, name, assessment?.CompletedAt,
            assessment is null ? null : Plans.AsOf(StoredAssessment.Read(assessment), diary, DateOnly.FromDateTime(Now.UtcDateTime)), diary, Contacts, Now);

    private const string Full = """
        {"age": 44, "durationWeeks": 3, "findings": ["sciatica"],
         "answers": {"startback": [1,1,1,1,0,1,0,0,2], "nrs": [6], "peg": [6,5,5], "gad7": [2,2,2,1,1,1,2], "phq9": [1,1,1,1,0,0,0,0,PHQ9]},
         "sleep": {"hoursPerNight": 5.5, "quality": 4}, "medications": ["diazepam 5 mg", "oxycodone"], "alcohol": true,
         "preferences": {"activities": ["walking"], "accessToPhysiotherapy": true, "timePerDayMinutes": 20}}
        """;

    private static List<DiaryEntryRecord> Diary(int days) =>
        [.. Enumerable.Range(0, days).Select(i => new DiaryEntryRecord { Date = DateOnly.FromDateTime(Now.UtcDateTime).AddDays(-i), Pain = 3 + (i % 4) })];

    private static (int Pages, string Text) Read(byte[] pdf)
    {
        using var document = PdfDocument.Open(pdf);
        var page = document.GetPage(1);
        return (document.NumberOfPages, string.Join(" ", page.GetWords().Select(w => w.Text)));
    }

    [Fact]
    public void A_full_summary_is_one_readable_page_with_scores_plan_medicines_and_diary()
    {
        var (pages, text) = Read(Render("Sam Example", Assessment(Full.Replace("PHQ9", "0", StringComparison.Ordinal)), Diary(40)));
        pages.ShouldBe(1);
        text.ShouldContain("BackCare summary for Sam Example");
        text.ShouldContain("Patient Health Questionnaire");
        text.ShouldContain("4 of 27");
        text.ShouldContain("STarT Back risk: medium");
        text.ShouldContain("Physiotherapy-led exercise");
        text.ShouldContain("Medication points to discuss");
        text.ShouldContain("24 Nov: 3", customMessage: "the most recent diary day is printed with an unambiguous date");
        text.ShouldNotContain("Crisis line");
    }

    [Fact]
    public void A_self_harm_answer_puts_the_crisis_message_with_the_deployment_numbers_first()
    {
        var (_, text) = Read(Render("Sam Example", Assessment(Full.Replace("PHQ9", "1", StringComparison.Ordinal)), []));
        var crisis = text.IndexOf("Test crisis line 0800 111", StringComparison.Ordinal);
        crisis.ShouldBeGreaterThan(0);
        text.ShouldContain("might act on these thoughts, call 112", customMessage: "the crisis message from data/care-plan.yaml with the deployment's emergency number");
        crisis.ShouldBeLessThan(text.IndexOf("Scores", StringComparison.Ordinal), "safety comes before everything else");
    }

    [Fact]
    public void An_emergency_assessment_says_so_first_with_the_emergency_number()
    {
        var emergency = Assessment("""{"age": 50, "durationWeeks": 1, "findings": ["saddle_numbness"]}""");
        var (_, text) = Read(Render("Sam Example", emergency, []));
        var help = text.IndexOf("Get emergency help now", StringComparison.Ordinal);
        help.ShouldBeGreaterThan(0);
        text.ShouldContain("Emergency number: 112");
        help.ShouldBeLessThan(text.IndexOf("Assessed", StringComparison.Ordinal));
    }

    [Fact]
    public void Names_outside_the_standard_fonts_are_printed_as_far_as_they_can_be()
    {
        var (_, text) = Read(Render("Zoë O’Brien 李", null, []));
        text.ShouldContain("Zoë O’Brien ?", customMessage: "Windows-1252 letters and quotes print as themselves; other scripts become ?");
        text.ShouldContain("No completed assessment yet.");
    }

    [Fact]
    public void When_details_overflow_the_page_they_are_left_out_from_the_end_and_the_page_says_how_many()
    {
        var blocks = new List<PdfBlock> { new("Safety message that must print", BlockPriority.Safety, 11, Bold: true, Alert: true) };
        blocks.AddRange(Enumerable.Range(1, 120).Select(i => new PdfBlock($"Detail line {i} with enough words to be a believable sentence in a summary", BlockPriority.Detail)));
        blocks.Add(new("Essential closing heading", BlockPriority.Essential, 12, Bold: true));
        using var document = PdfDocument.Open(OnePagePdf.Render("Overflow", blocks, "{0} more item(s) did not fit"));
        document.NumberOfPages.ShouldBe(1);
        var page = document.GetPage(1);
        var text = string.Join(" ", page.GetWords().Select(w => w.Text));
        text.ShouldStartWith("Safety message that must print");
        text.ShouldContain("Detail line 1 ");
        text.ShouldContain("Essential closing heading");
        text.ShouldNotContain("Detail line 120 ");
        var printed = Enumerable.Range(1, 120).Count(i => text.Contains($"Detail line {i} ", StringComparison.Ordinal));
        text.ShouldContain($"{120 - printed} more item(s) did not fit");
        page.GetWords().ShouldAllBe(w => w.BoundingBox.Bottom >= 40 && w.BoundingBox.Right <= page.Width - 40, "every word stays inside the margins");
    }

    [Fact]
    public void Long_paragraphs_wrap_inside_the_margins()
    {
        var words = string.Join(" ", Enumerable.Repeat("WWWWW mmmmm", 60));
        using var document = PdfDocument.Open(OnePagePdf.Render("Wrap", [new PdfBlock(words, BlockPriority.Essential, 12, Bold: true)], "{0}"));
        var page = document.GetPage(1);
        page.GetWords().Count().ShouldBe(120, "nothing is lost when wrapping");
        page.GetWords().ShouldAllBe(w => w.BoundingBox.Right <= page.Width - 40);
        page.GetWords().Select(w => Math.Round(w.BoundingBox.Bottom)).Distinct().Count().ShouldBeGreaterThan(5);
    }
}
