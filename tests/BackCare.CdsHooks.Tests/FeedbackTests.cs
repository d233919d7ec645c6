using System.Net;
using BackCare.App.CdsHooks;
using Microsoft.Extensions.DependencyInjection;

namespace BackCare.CdsHooks.Tests;

/// <summary>Feedback is stored once per outcome, maps the card to its rule, and tolerates unknown cards.</summary>
public sealed class FeedbackTests(CdsHost host) : IClassFixture<CdsHost>
{
    private const string Path = "/cds-services/backcare-order-sign/feedback";

    [Fact]
    public async Task Outcomes_are_stored_once_per_rule_and_reported_as_override_rates()
    {
        var cards = await host.CardsAsync("backcare-order-sign", Requests.WorkedCase().ToJsonString());
        var critical = cards[0].GetProperty("uuid").GetString();
        var beers = cards[2].GetProperty("uuid").GetString();
        var suggestion = cards[2].GetProperty("suggestions")[0].GetProperty("uuid").GetString();
        var overridden = $$"""{"feedback":[{"card":"{{critical}}","outcome":"overridden","overrideReason":{"reason":{"code":"benefit-outweighs-risk","system":"urn:backcare:cds:override-reason"},"userComment":"discussed"},"outcomeTimestamp":"2026-12-02T10:00:00Z"}]}""";
        var accepted = $$"""{"feedback":[{"card":"{{beers}}","outcome":"accepted","acceptedSuggestions":[{"id":"{{suggestion}}"}],"outcomeTimestamp":"2026-12-02T10:00:01Z"}]}""";
        foreach (var body in new[] { overridden, overridden, accepted, accepted, accepted })
        {
            using var response = await host.PostAsync(Path, body);
            response.StatusCode.ShouldBe(HttpStatusCode.OK);
        }

        await using var scope = host.Factory.Services.CreateAsyncScope();
        var outcomes = await scope.ServiceProvider.GetRequiredService<CdsHooksStore>().OutcomesByRuleAsync(CancellationToken.None);
        var opioid = outcomes.Single(o => o.RuleId == "opioid_benzodiazepine");
        (opioid.Accepted, opioid.Overridden, opioid.OverrideRate).ShouldBe((0, 1, 1.0));
        opioid.OverrideReasons["benefit-outweighs-risk"].ShouldBe(1);
        var beersOutcome = outcomes.Single(o => o.RuleId == "beers_benzodiazepine");
        (beersOutcome.Accepted, beersOutcome.Overridden).ShouldBe((1, 0));
    }

    [Fact]
    public async Task Feedback_for_an_unknown_card_is_still_200()
    {
        var body = $$"""{"feedback":[{"card":"{{Guid.NewGuid()}}","outcome":"accepted","outcomeTimestamp":"2026-12-02T10:00:00Z"}]}""";
        using var response = await host.PostAsync(Path, body);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("{}")]
    [InlineData("""{"feedback":[]}""")]
    [InlineData("""{"feedback":[{"card":"x","outcome":"maybe","outcomeTimestamp":"2026-12-02T10:00:00Z"}]}""")]
    [InlineData("""{"feedback":[{"card":"x","outcome":"accepted"}]}""")]
    [InlineData("""{"feedback":[{"card":"x","outcome":"overridden","overrideReason":{"reason":{"system":"s"}},"outcomeTimestamp":"2026-12-02T10:00:00Z"}]}""")]
    public async Task Malformed_feedback_is_400(string body)
    {
        using var response = await host.PostAsync(Path, body);
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task The_spec_feedback_examples_are_accepted()
    {
        foreach (var file in Directory.GetFiles(System.IO.Path.Combine(Fixtures.External, "cds-hooks", "spec-2.0.1-examples"), "spec-*-example-*.json")
                     .Where(f => f.Contains("suggestion-accepted", StringComparison.Ordinal) || f.Contains("overridden-guidance", StringComparison.Ordinal)))
        {
            using var response = await host.PostAsync(Path, await File.ReadAllTextAsync(file));
            response.StatusCode.ShouldBe(HttpStatusCode.OK, file);
        }
    }
}
