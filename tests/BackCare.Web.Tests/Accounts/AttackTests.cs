using System.Net;
using System.Text.RegularExpressions;
using BackCare.App.Accounts;
using BackCare.App.Auditing;
using BackCare.App.Data;
using Microsoft.AspNetCore.Identity;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;

namespace BackCare.Web.Tests.Accounts;

/// <summary>Issue 13 §3: accounts under attack — atomic lockout, no shut-out, no existence leak, rate limits, password rules.</summary>
public sealed partial class AttackTests
{
    private static OwnHost CountingHost(CountingHasher hasher, Dictionary<string, string>? settings = null) =>
        new(settings, services => services.AddSingleton<IPasswordHasher<UserAccount>>(hasher));

    [Fact]
    public async Task A_hundred_concurrent_wrong_passwords_check_no_more_than_the_limit()
    {
        var hasher = new CountingHasher();
        await using var host = CountingHost(hasher);
        await host.Session().RegisterAsync("burst@example.com");
        hasher.Reset();

        await Parallel.ForEachAsync(Enumerable.Range(0, 100), new ParallelOptions { MaxDegreeOfParallelism = 16 }, async (i, ct) =>
        {
            using var scope = host.Factory.Services.CreateScope();
            var check = await scope.ServiceProvider.GetRequiredService<AccountService>().CheckPasswordAsync("burst@example.com", "wrong guess " + i, null, ct);
            check.Succeeded.ShouldBeFalse();
        });

        hasher.RealVerifies.ShouldBeLessThanOrEqualTo(AccountService.MaxFailedSignIns, "only the reserved tries reach the real hash");
        hasher.Verifies.ShouldBe(100, "every refusal does the same work");
        await host.Factory.Services.GetRequiredService<AuditWriter>().FlushAsync(default);
        using var s = host.Factory.Services.CreateScope();
        var db = s.ServiceProvider.GetRequiredService<BackCareDbContext>();
        (await db.AuditEntries.CountAsync(a => a.Action == "sign_in_failed")).ShouldBeLessThanOrEqualTo(AccountService.MaxFailedSignIns);
    }

    [Fact]
    public async Task An_attacker_locking_the_account_does_not_shut_out_the_owner_on_a_device_they_used_before()
    {
        await using var host = new OwnHost();
        var owner = host.Session();
        await owner.RegisterAsync("owner@example.com"); // signs in, so this browser is now a known device
        await owner.PostFormAsync("/Account/Logout", []);

        var attacker = host.Session();
        for (var i = 0; i < 6; i++) await attacker.PostFormAsync("/Account/Login", ("Email", "owner@example.com"), ("Password", "guess number " + i));
        var locked = await attacker.PostFormAsync("/Account/Login", ("Email", "owner@example.com"), ("Password", "correct horse battery"));
        (await locked.Content.ReadAsStringAsync()).ShouldContain("Too many attempts", customMessage: "even the right password is held back on an unknown device");

        await owner.SignInAsync("owner@example.com"); // throws unless accepted
        (await owner.GetAsync("/Diary")).Status.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Sign_in_refusals_read_the_same_for_real_and_unknown_accounts_and_do_the_same_work()
    {
        var hasher = new CountingHasher();
        await using var host = CountingHost(hasher);
        await host.Session().RegisterAsync("real@example.com");
        var realMessages = new List<string>();
        var unknownMessages = new List<string>();
        for (var i = 0; i < 7; i++)
        {
            hasher.Reset();
            realMessages.Add(await RefusalAsync(host, "real@example.com"));
            var realWork = (hasher.Hashes, hasher.Verifies);
            hasher.Reset();
            unknownMessages.Add(await RefusalAsync(host, "nobody-here@example.com"));
            (hasher.Hashes, hasher.Verifies).ShouldBe(realWork, $"attempt {i + 1}");
        }

        unknownMessages.ShouldBe(realMessages, "the same words after the same number of tries");
        realMessages[^1].ShouldContain("Too many attempts");
    }

    [Fact]
    public async Task Registering_an_email_that_has_an_account_looks_and_costs_the_same_as_a_new_one()
    {
        var hasher = new CountingHasher();
        await using var host = CountingHost(hasher);
        await host.Session().RegisterAsync("taken@example.com");

        hasher.Reset();
        var fresh = host.Session();
        var created = await fresh.PostFormAsync("/Account/Register", ("DisplayName", "New"), ("Email", "brand-new@example.com"), ("Password", "meadow copper violin"));
        var freshWork = hasher.Hashes + hasher.Verifies;
        hasher.Reset();
        var again = host.Session();
        var taken = await again.PostFormAsync("/Account/Register", ("DisplayName", "Other"), ("Email", "taken@example.com"), ("Password", "meadow copper violin"));
        (hasher.Hashes + hasher.Verifies).ShouldBe(freshWork);

        taken.StatusCode.ShouldBe(created.StatusCode);
        taken.Headers.Location.ShouldBe(created.Headers.Location);
        taken.Headers.Contains("Set-Cookie").ShouldBe(created.Headers.Contains("Set-Cookie") && created.Headers.GetValues("Set-Cookie").Any(c => !c.StartsWith("backcare=", StringComparison.Ordinal)));
        created.Headers.TryGetValues("Set-Cookie", out var cookies);
        (cookies ?? []).ShouldNotContain(c => c.StartsWith("backcare=", StringComparison.Ordinal), "registration does not sign in");
        var (_, loginPage) = await again.GetAsync(taken.Headers.Location!.OriginalString);
        loginPage.ShouldContain("If this email did not already have an account");
    }

    [Fact]
    public async Task The_reset_form_answers_the_same_for_real_and_unknown_accounts_and_does_the_same_work()
    {
        var hasher = new CountingHasher();
        await using var host = CountingHost(hasher);
        await host.Session().RegisterAsync("reset-real@example.com");
        const string WrongCode = "0123456789abcdef0123456789abcdef";

        hasher.Reset();
        var real = await host.Session().PostFormAsync("/Account/ResetPassword", ("Email", "reset-real@example.com"), ("Token", WrongCode), ("Password", "saffron pebble kettle"));
        var realWork = (hasher.Hashes, hasher.Verifies);
        hasher.Reset();
        var unknown = await host.Session().PostFormAsync("/Account/ResetPassword", ("Email", "reset-nobody@example.com"), ("Token", WrongCode), ("Password", "saffron pebble kettle"));
        (hasher.Hashes, hasher.Verifies).ShouldBe(realWork);
        realWork.Hashes.ShouldBe(1, "a refused code costs what a real reset costs");

        unknown.StatusCode.ShouldBe(real.StatusCode);
        Errors(await unknown.Content.ReadAsStringAsync()).ShouldBe(Errors(await real.Content.ReadAsStringAsync()));
    }

    [Fact]
    public async Task Account_forms_are_rate_limited_per_address()
    {
        await using var host = new OwnHost(new Dictionary<string, string> { ["BackCare:RateLimits:PerIpPerMinute"] = "5", ["BackCare:RateLimits:PerAccountPerMinute"] = "1000" });
        var web = host.Session();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 7; i++) statuses.Add((await web.PostFormAsync("/Account/Login", ("Email", $"someone{i}@example.com"), ("Password", "whatever it is"))).StatusCode);
        statuses.Take(5).ShouldAllBe(s => s == HttpStatusCode.BadRequest);
        statuses.Skip(5).ShouldAllBe(s => s == HttpStatusCode.TooManyRequests);
        (await web.PostFormAsync("/Account/Register", ("DisplayName", "X"), ("Email", "x@example.com"), ("Password", "meadow copper violin"))).StatusCode.ShouldBe(HttpStatusCode.TooManyRequests);
        (await web.GetAsync("/Account/Login")).Status.ShouldBe(HttpStatusCode.OK, "reading the form is not limited");
    }

    [Fact]
    public async Task Account_forms_are_rate_limited_per_account_but_a_known_device_has_its_own_allowance()
    {
        await using var host = new OwnHost(new Dictionary<string, string> { ["BackCare:RateLimits:PerIpPerMinute"] = "1000", ["BackCare:RateLimits:PerAccountPerMinute"] = "3" });
        var owner = host.Session();
        await owner.PostFormAsync("/Account/Register", ("DisplayName", "Owner"), ("Email", "limited@example.com"), ("Password", "meadow copper violin"));
        await owner.SignInAsync("limited@example.com", "meadow copper violin"); // 2 of the account's 3
        await owner.PostFormAsync("/Account/Logout", []);

        var attacker = host.Session();
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 3; i++) statuses.Add((await attacker.PostFormAsync("/Account/Login", ("Email", "limited@example.com"), ("Password", "guess " + i))).StatusCode);
        statuses.ShouldBe([HttpStatusCode.BadRequest, HttpStatusCode.TooManyRequests, HttpStatusCode.TooManyRequests]);
        (await attacker.PostFormAsync("/Account/Login", ("Email", "other@example.com"), ("Password", "guess"))).StatusCode.ShouldBe(HttpStatusCode.BadRequest, "other accounts are not affected");

        await owner.SignInAsync("limited@example.com", "meadow copper violin");
    }

    [Theory]
    [InlineData("          ", "at least 10 characters")]
    [InlineData("short", "at least 10 characters")]
    [InlineData("aaaaaaaaaa", "repeats")]
    [InlineData("password12", "most common")]
    [InlineData("password123", "most common")]
    [InlineData("1234567890", "most common")]
    [InlineData("abcdefghijk", "repeats")]
    [InlineData("abcabcabcabc", "repeats")]
    [InlineData("policy-check@example.com", "email")]
    [InlineData("my policy-check 2026", "email")]
    public async Task Weak_passwords_are_refused_at_registration(string password, string expected)
    {
        await using var host = new OwnHost();
        var response = await host.Session().PostFormAsync("/Account/Register", ("DisplayName", "P"), ("Email", "policy-check@example.com"), ("Password", password));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        Errors(await response.Content.ReadAsStringAsync()).ShouldContain(e => e.Contains(expected, StringComparison.Ordinal));
    }

    private static async Task<string> RefusalAsync(OwnHost host, string email)
    {
        var response = await host.Session().PostFormAsync("/Account/Login", ("Email", email), ("Password", "definitely wrong"));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        return TimeOfDay().Replace(string.Join("|", Errors(await response.Content.ReadAsStringAsync())), "HH:MM");
    }

    private static List<string> Errors(string html) => [.. ErrorText().Matches(html).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("<p class=\"error\"[^>]*>([^<]*)</p>")]
    private static partial Regex ErrorText();

    [GeneratedRegex("[0-9]{2}:[0-9]{2}")]
    private static partial Regex TimeOfDay();
}
