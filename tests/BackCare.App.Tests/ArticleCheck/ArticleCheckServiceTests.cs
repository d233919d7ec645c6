using System.Diagnostics;
using System.Text;
using BackCare.App.ArticleCheck;
using BackCare.Clinical.ArticleCheck;
using BackCare.Clinical.Evidence;

namespace BackCare.App.Tests.ArticleCheck;

/// <summary>Reading articles in each format, BM25 related statements, and the time to check a 50 KB article.</summary>
public sealed class ArticleCheckServiceTests
{
    private const string Paragraph = """
        Diazepam is an effective medication for low back pain. Xanax is not addictive when taken as directed.
        Staying active helps you recover from back pain. Bed rest does not help back pain.
        A hot water bottle may help ease the pain. Some people find yoga helps. Order today with free delivery!

        """;

    [Fact]
    public void A_50_KB_article_is_checked_in_under_a_second_after_start_up()
    {
        var service = ArticleCheckService.Default;
        service.Check("Diazepam is an effective medication for low back pain.");
        var text = new StringBuilder();
        while (text.Length < 50_000) text.Append(Paragraph);
        var watch = Stopwatch.StartNew();
        var (result, error) = service.Check(text.ToString(0, 50_000));
        watch.Stop();
        error.ShouldBeNull();
        result!.Counts.Contradicted.ShouldBeGreaterThan(100);
        watch.Elapsed.TotalSeconds.ShouldBeLessThan(1.0, "issue 18: a 50 KB article in under a second after start-up (machine loaded)");
    }

    [Fact]
    public void Markdown_is_read_as_its_text_without_the_marks()
    {
        var (article, error) = ArticleInput.Read("# Back pain\n\n- **Staying active** helps you recover from back pain.\n- [Read more](https://example.org)\n");
        error.ShouldBeNull();
        article!.Format.ShouldBe("markdown");
        article.Title.ShouldBe("Back pain");
        article.Text.ShouldContain("Staying active helps you recover from back pain.");
        article.Text.ShouldNotContain("**");
        article.Text.ShouldNotContain("https://example.org");
    }

    [Fact]
    public void Html_keeps_the_article_and_drops_scripts_navigation_and_styles()
    {
        var (article, _) = ArticleInput.Read("""
            <!doctype html><html><head><title>Xanax and back pain</title><style>p{color:red}</style></head><body>
            <nav>Home | Buy Xanax</nav><script>document.write("Xanax cures back pain")</script>
            <article><h1>Xanax and back pain</h1><p>Xanax may help back pain by reducing muscle tension, some say.</p><p>It is not a painkiller.</p></article>
            <footer>Copyright</footer></body></html>
            """);
        article!.Format.ShouldBe("html");
        article.Title.ShouldBe("Xanax and back pain");
        article.Text.ShouldContain("Xanax may help back pain by reducing muscle tension");
        article.Text.ShouldNotContain("cures");
        article.Text.ShouldNotContain("color:red");
        article.Text.ShouldNotContain("Buy Xanax");
    }

    [Theory]
    [InlineData(null)]
    [InlineData("  ")]
    public void Empty_input_is_refused_with_a_clear_message(string? input)
    {
        var (article, error) = ArticleInput.Read(input);
        article.ShouldBeNull();
        error!.Message.ShouldContain("paste an article");
    }

    [Fact]
    public void Bm25_finds_the_diazepam_statements_for_a_brand_name_question()
    {
        using var retriever = new LuceneEvidenceRetriever(EmbeddedEvidence.Default);
        var related = retriever.Related("Does Valium work for sciatica?", 3);
        related.ShouldNotBeEmpty();
        related.ShouldContain(c => c.Subject == new ClaimSubject(ClaimSubjectKind.Drug, "diazepam"));
        related[0].Subject.Id.ShouldBeOneOf("diazepam", "benzodiazepine");
        retriever.Related("", 3).ShouldBeEmpty();
        retriever.Related("!!! ???", 3).ShouldBeEmpty();
    }
}
