using System.Net;
using BackCare.App.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BackCare.Web.Tests.AssessmentSteps;

namespace BackCare.Web.Tests.Fuzzing;

/// <summary>Defects the fuzzing of issue 13 §6 found, each shrunk to a plain test.</summary>
public sealed class FuzzFoundDefectTests(WebFixture fixture) : IClassFixture<WebFixture>
{
    private async Task<int> AssessmentRowsAsync()
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BackCareDbContext>().Assessments.CountAsync();
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task A_refused_screen_after_a_finished_assessment_stores_no_new_assessment(bool emergency)
    {
        var web = fixture.Factory.Session();
        await web.RegisterAsync($"refused-after-done-{Guid.NewGuid():N}@example.com");
        if (emergency)
        {
            await web.PostFormAsync("/Assessment", ("step", "redflags"), ("age", "50"), ("durationWeeks", "1"), ("findings", "saddle_numbness"));
        }
        else
        {
            await RedFlagsAndStartBackAsync(web);
            await PainAsync(web);
            await RestAsync(web);
        }

        var before = await AssessmentRowsAsync();
        var response = await web.Client.PostAsync(new Uri("/Assessment", UriKind.Relative), new FormUrlEncodedContent([]));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest, "no token: refused");
        // The token comes from another page: GET /Assessment itself still creates a row (issue 13 §4, fixed elsewhere).
        var refused = await web.PostFormAsync("/Diary", [new("step", "redflags"), new("age", "4.9e-324"), new("durationWeeks", "1")], "/Assessment");
        refused.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        (await refused.Content.ReadAsStringAsync()).ShouldContain("4.9e-324", customMessage: "what was typed is shown again");
        (await AssessmentRowsAsync()).ShouldBe(before, "a refused screen stores nothing");

        var accepted = await web.PostFormAsync("/Diary", [new("step", "redflags"), new("age", "50"), new("durationWeeks", "1")], "/Assessment");
        accepted.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await AssessmentRowsAsync()).ShouldBe(before + 1, "an accepted first screen starts the new assessment");
    }
}
