using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace BackCare.Web.Tests;

/// <summary>/Check, the article check page (issue 18), through the real host, signed out.</summary>
public sealed class CheckArticlePageTests(WebFixture fixture) : IClassFixture<WebFixture>
{
    private const string Article = """
        # Diazepam for back pain
        Diazepam is an effective medication for low back pain.
        Diazepam helps you sleep despite the pain.
        Valium 5mg works in minutes for sciatica.
        """;

    [Fact]
    public async Task Anyone_can_open_the_page_and_its_form_works_without_javascript()
    {
        var (status, html) = await fixture.Factory.Session().GetAsync("/Check");
        status.ShouldBe(HttpStatusCode.OK);
        html.ShouldContain("<form method=\"post\" enctype=\"multipart/form-data\"");
        html.ShouldContain("name=\"__RequestVerificationToken\"");
        html.ShouldContain("<textarea id=\"Text\" name=\"Text\"");
        html.ShouldContain("<input id=\"Upload\" name=\"Upload\" type=\"file\"");
    }

    [Fact]
    public async Task A_pasted_article_shows_the_summary_then_each_claim_in_order_with_its_evidence_and_what_was_left_out()
    {
        var response = await fixture.Factory.Session().PostFormAsync("/Check", ("Text", Article));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("2 contradicted by the evidence, 0 overstated, 1 not backed by evidence");
        html.ShouldContain("Valium [dose not shown] works in minutes for sciatica.");
        html.ShouldContain("talk to your prescriber or pharmacist");
        var contradicted = html.IndexOf("<span class=\"tag\">Contradicted by the evidence</span> Diazepam is an effective medication", StringComparison.Ordinal);
        var unsupported = html.IndexOf("<span class=\"tag\">Not backed by evidence</span> Diazepam helps you sleep", StringComparison.Ordinal);
        contradicted.ShouldBeGreaterThan(0);
        unsupported.ShouldBeGreaterThan(contradicted, "claims are listed in article order");
        html.ShouldContain("Friedman 2017");
        html.ShouldContain("Taking it with opioids");
        html.ShouldContain("Dependence and withdrawal");
        html.ShouldContain("<details>");
        html.ShouldNotMatch(@"\d+\s?mg\b");
    }

    [Fact]
    public async Task An_uploaded_html_file_is_reduced_to_its_article_text()
    {
        var web = fixture.Factory.Session();
        var (_, page) = await web.GetAsync("/Check");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(token), "__RequestVerificationToken");
        form.Add(new StringContent(""), "Text");
        var file = new ByteArrayContent(Encoding.UTF8.GetBytes(
            "<html><body><nav>Xanax is not addictive</nav><article><h1>Advice</h1><p>Staying active helps you recover from back pain.</p></article><script>alert(1)</script></body></html>"));
        file.Headers.ContentType = new MediaTypeHeaderValue("text/html");
        form.Add(file, "Upload", "article.html");
        var response = await web.Client.PostAsync(new Uri("/Check", UriKind.Relative), form);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
        var html = await response.Content.ReadAsStringAsync();
        html.ShouldContain("<span class=\"tag\">Supported</span> Staying active helps you recover from back pain.");
        html.ShouldNotContain("Xanax is not addictive");
        html.ShouldNotContain("alert(1)");
    }

    [Theory]
    [InlineData("", "Paste an article or choose a file to check.")]
    [InlineData("LONG", "the limit is 200,000 characters")]
    public async Task Empty_or_oversized_text_gets_a_clear_message_and_a_400(string text, string message)
    {
        var response = await fixture.Factory.Session().PostFormAsync("/Check", ("Text", text == "LONG" ? new string('a', 200_001) : text));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldContain(message);
    }

    [Fact]
    public async Task An_upload_over_the_form_limit_is_refused_without_a_server_error()
    {
        var web = fixture.Factory.Session();
        var (_, page) = await web.GetAsync("/Check");
        var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        using var form = new MultipartFormDataContent();
        form.Add(new StringContent(token), "__RequestVerificationToken");
        form.Add(new ByteArrayContent(Encoding.UTF8.GetBytes(new string('a', 1_200_000))), "Upload", "huge.txt");
        var response = await web.Client.PostAsync(new Uri("/Check", UriKind.Relative), form);
        ((int)response.StatusCode).ShouldBeOneOf(400, 413);
    }

    [Fact]
    public async Task A_post_without_the_antiforgery_token_is_refused()
    {
        var web = fixture.Factory.Session();
        await web.GetAsync("/Check");
        using var form = new FormUrlEncodedContent([new("Text", Article)]);
        var response = await web.Client.PostAsync(new Uri("/Check", UriKind.Relative), form);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await response.Content.ReadAsStringAsync()).ShouldNotContain("Friedman 2017");
    }
}
