using System.Net;
using BackCare.App.Accounts;
using BackCare.App.Data;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using static BackCare.Web.Tests.Accounts.AccountSteps;

namespace BackCare.Web.Tests.Accounts;

/// <summary>
/// Issue 13 §1: logout, password change, password reset and deletion end every session of the account at once.
/// Each test keeps a cookie from before and replays it from another client afterwards.
/// </summary>
public sealed class SessionEndTests(WebFixture fixture) : IClassFixture<WebFixture>
{
    private static async Task ShouldBeSignedOutAsync(string cookie, WebSession other, string because)
    {
        foreach (var url in new[] { "/Diary", "/Plan", "/Progress", "/Assessment", "/Account/Export?handler=Csv" })
        {
            var response = await other.Client.SendAsync(WithCookie(HttpMethod.Get, url, cookie));
            response.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"{because}: {url}");
            response.Headers.Location!.OriginalString.ShouldContain("/Account/Login", customMessage: $"{because}: {url}");
        }
    }

    [Fact]
    public async Task Logout_ends_the_session_on_every_device_and_a_saved_cookie_is_refused()
    {
        var laptop = fixture.Factory.Session();
        await laptop.RegisterAsync("logout-everywhere@example.com");
        var phone = fixture.Factory.Session();
        await phone.SignInAsync("logout-everywhere@example.com");
        var saved = await SavedCookieAsync(laptop);
        (await phone.GetAsync("/Diary")).Status.ShouldBe(HttpStatusCode.OK);

        (await laptop.PostFormAsync("/Account/Logout", [])).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        await ShouldBeSignedOutAsync(saved, fixture.Factory.Session(), "the laptop's saved cookie after logout");
        (await phone.Client.GetAsync(new Uri("/Diary", UriKind.Relative))).StatusCode.ShouldBe(HttpStatusCode.Redirect, "the phone is signed out too");
    }

    [Fact]
    public async Task A_password_reset_ends_every_session()
    {
        var web = fixture.Factory.Session();
        await web.RegisterAsync("reset-sessions@example.com");
        var saved = await SavedCookieAsync(web);
        string code;
        using (var scope = fixture.Factory.Services.CreateScope())
        {
            code = (await scope.ServiceProvider.GetRequiredService<AccountService>().CreateResetTokenAsync("reset-sessions@example.com", default)).Value!;
        }

        var reset = await fixture.Factory.Session().PostFormAsync("/Account/ResetPassword", ("Email", "reset-sessions@example.com"), ("Token", code), ("Password", "a brand new passphrase"));
        reset.StatusCode.ShouldBe(HttpStatusCode.Redirect);

        await ShouldBeSignedOutAsync(saved, fixture.Factory.Session(), "a cookie from before the reset");
        await fixture.Factory.Session().SignInAsync("reset-sessions@example.com", "a brand new passphrase");
    }

    [Fact]
    public async Task A_password_change_ends_the_other_sessions_and_keeps_this_one()
    {
        var laptop = fixture.Factory.Session();
        await laptop.RegisterAsync("change-password@example.com");
        var phone = fixture.Factory.Session();
        await phone.SignInAsync("change-password@example.com");
        var saved = await SavedCookieAsync(phone);

        var changed = await laptop.PostFormAsync("/Account/ChangePassword", ("CurrentPassword", "correct horse battery"), ("NewPassword", "lantern orchard mosaic"));
        changed.StatusCode.ShouldBe(HttpStatusCode.OK);
        (await changed.Content.ReadAsStringAsync()).ShouldContain("Every other device is signed out.");

        (await laptop.GetAsync("/Diary")).Status.ShouldBe(HttpStatusCode.OK, "the session that changed it carries on");
        await ShouldBeSignedOutAsync(saved, fixture.Factory.Session(), "the phone's cookie after the change");
        var wrong = await laptop.PostFormAsync("/Account/ChangePassword", ("CurrentPassword", "not my password at all"), ("NewPassword", "another fresh phrase"));
        wrong.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task After_deletion_a_stale_cookie_saves_nothing_and_gets_no_500()
    {
        var laptop = fixture.Factory.Session();
        await laptop.RegisterAsync("deleted-elsewhere@example.com");
        var phone = fixture.Factory.Session();
        await phone.SignInAsync("deleted-elsewhere@example.com");
        (await phone.PostFormAsync("/Diary", ("Pain", "4"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var saved = await SavedCookieAsync(phone);

        // The phone fetches its forms (with their anti-forgery tokens) before the laptop deletes the account.
        var (_, diaryForm) = await phone.GetAsync("/Diary");
        var (_, assessmentForm) = await phone.GetAsync("/Assessment");
        (await laptop.PostFormAsync("/Account/Delete", ("Confirm", "delete"))).StatusCode.ShouldBe(HttpStatusCode.Redirect);

        var diaryPost = await phone.Client.PostAsync(new Uri("/Diary", UriKind.Relative), Form(diaryForm, ("Pain", "6"), ("Note", "after deletion")));
        diaryPost.StatusCode.ShouldBeOneOf(HttpStatusCode.Redirect, HttpStatusCode.BadRequest);
        var assessmentPost = await phone.Client.PostAsync(new Uri("/Assessment", UriKind.Relative), Form(assessmentForm, ("age", "40"), ("durationWeeks", "2")));
        assessmentPost.StatusCode.ShouldBeOneOf(HttpStatusCode.Redirect, HttpStatusCode.BadRequest);
        await ShouldBeSignedOutAsync(saved, fixture.Factory.Session(), "a cookie of a deleted account");
        foreach (var url in AuthorizationTests.HealthPages)
        {
            var response = await fixture.Factory.Session().Client.SendAsync(WithCookie(HttpMethod.Get, url, saved));
            ((int)response.StatusCode).ShouldBeLessThan(500, url);
        }

        using var scope = fixture.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BackCareDbContext>();
        var orphans = await db.DiaryEntries.CountAsync(e => !db.Users.Any(u => u.Id == e.UserId))
            + await db.Assessments.CountAsync(a => !db.Users.Any(u => u.Id == a.UserId))
            + await db.PasswordResetTokens.CountAsync(t => !db.Users.Any(u => u.Id == t.UserId));
        orphans.ShouldBe(0);
    }

    [Fact]
    public async Task Deleting_the_user_row_takes_every_owned_row_with_it_in_the_database()
    {
        var web = fixture.Factory.Session();
        await web.RegisterAsync("cascade@example.com");
        await web.PostFormAsync("/Diary", ("Pain", "2"));
        await web.PostFormAsync("/Assessment", ("age", "40"), ("durationWeeks", "2"));
        using var scope = fixture.Factory.Services.CreateScope();
        var db = scope.ServiceProvider.GetRequiredService<BackCareDbContext>();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
        await accounts.CreateResetTokenAsync("cascade@example.com", default);
        var id = (await db.Users.SingleAsync(u => u.Email == "cascade@example.com")).Id;
        (await db.DiaryEntries.CountAsync(e => e.UserId == id)).ShouldBe(1);
        (await db.Assessments.CountAsync(a => a.UserId == id)).ShouldBeGreaterThan(0);

        // A bare DELETE, as an operator might run: the foreign keys cascade, nothing is left behind.
        (await db.Users.Where(u => u.Id == id).ExecuteDeleteAsync()).ShouldBe(1);
        (await db.DiaryEntries.CountAsync(e => e.UserId == id)).ShouldBe(0);
        (await db.Assessments.CountAsync(a => a.UserId == id)).ShouldBe(0);
        (await db.PasswordResetTokens.CountAsync(t => t.UserId == id)).ShouldBe(0);
        (await db.Set<Microsoft.AspNetCore.Identity.IdentityUserToken<Guid>>().CountAsync(t => t.UserId == id)).ShouldBe(0);
    }

    [Fact]
    public async Task A_new_reset_code_retires_the_older_ones()
    {
        var web = fixture.Factory.Session();
        await web.RegisterAsync("two-codes@example.com");
        string first, second;
        using (var scope = fixture.Factory.Services.CreateScope())
        {
            var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
            first = (await accounts.CreateResetTokenAsync("two-codes@example.com", default)).Value!;
            second = (await accounts.CreateResetTokenAsync("two-codes@example.com", default)).Value!;
        }

        var old = await fixture.Factory.Session().PostFormAsync("/Account/ResetPassword", ("Email", "two-codes@example.com"), ("Token", first), ("Password", "quiet river lantern"));
        old.StatusCode.ShouldBe(HttpStatusCode.BadRequest, "the older code stopped working when the new one was made");
        var fresh = await fixture.Factory.Session().PostFormAsync("/Account/ResetPassword", ("Email", "two-codes@example.com"), ("Token", second), ("Password", "quiet river lantern"));
        fresh.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        var again = await fixture.Factory.Session().PostFormAsync("/Account/ResetPassword", ("Email", "two-codes@example.com"), ("Token", second), ("Password", "another river lantern"));
        again.StatusCode.ShouldBe(HttpStatusCode.BadRequest, "a code works once");
    }

    private static FormUrlEncodedContent Form(string html, params (string Key, string Value)[] fields)
    {
        var token = System.Text.RegularExpressions.Regex.Match(html, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
        return new FormUrlEncodedContent(fields.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)).Append(new("__RequestVerificationToken", token)));
    }
}
