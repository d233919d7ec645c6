using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using BackCare.App.Smart;
using BackCare.Interop.Fhir;
using BackCare.Web.Infrastructure;
using Hl7.Fhir.Model;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace BackCare.Web.Tests.Fhir;

/// <summary>
/// A test app performing a full SMART App Launch 2.0 standalone launch over HTTP as a patient: discovery, the
/// authorization request with PKCE, sign-in and the consent page, the code exchange, then $everything with the token;
/// the token reaches nobody else's record; refresh works; revoking from the account page stops the token at once.
/// </summary>
public sealed partial class SmartLaunchTests(WebFixture fixture) : IClassFixture<WebFixture>
{
    private const string Callback = "http://localhost/callback";

    private string FhirBase => fixture.Factory.Services.GetRequiredService<IOptions<HostingOptions>>().Value.BaseUrl + "/fhir";

    private async Task<string> RegisterClientAsync(string? secret = null)
    {
        var clientId = "app-" + Guid.NewGuid().ToString("N")[..8];
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var added = await scope.ServiceProvider.GetRequiredService<SmartClients>().AddAsync(new SmartClient(clientId, "Test Diary App", [new Uri(Callback)], secret), default);
        added.Succeeded.ShouldBeTrue(string.Join("; ", added.Problems));
        return clientId;
    }

    private static (string Verifier, string Challenge) Pkce()
    {
        var verifier = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var challenge = Convert.ToBase64String(SHA256.HashData(Encoding.ASCII.GetBytes(verifier))).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return (verifier, challenge);
    }

    /// <summary>Runs the launch in the patient's browser session; returns the redirect's query (code or error).</summary>
    private async Task<Dictionary<string, string>> AuthorizeAsync(WebSession browser, string clientId, string challenge, string decision, string scope = "openid fhirUser launch/patient patient/*.rs offline_access")
    {
        var query = $"response_type=code&client_id={clientId}&redirect_uri={Uri.EscapeDataString(Callback)}&scope={Uri.EscapeDataString(scope)}&state=st4te&aud={Uri.EscapeDataString(FhirBase)}&code_challenge={challenge}&code_challenge_method=S256";
        var (status, page) = await browser.GetAsync("/connect/authorize?" + query);
        status.ShouldBe(HttpStatusCode.OK, page);
        page.ShouldContain("Test Diary App");
        page.ShouldContain("It cannot change or delete anything");
        var fields = HiddenField().Matches(page).Select(m => new KeyValuePair<string, string>(WebUtility.HtmlDecode(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value))).ToList();
        fields.Add(new("__RequestVerificationToken", Antiforgery().Match(page).Groups[1].Value));
        fields.Add(new("decision", decision));
        var response = await browser.Client.PostAsync(new Uri("/connect/authorize", UriKind.Relative), new FormUrlEncodedContent(fields));
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var location = response.Headers.Location!;
        location.GetLeftPart(UriPartial.Path).ShouldBe(Callback);
        return location.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
    }

    private async Task<JsonElement> TokenAsync(params (string Key, string Value)[] form)
    {
        using var client = fixture.Factory.CreateClient();
        var response = await client.PostAsync(new Uri("/connect/token", UriKind.Relative), new FormUrlEncodedContent(form.Select(f => new KeyValuePair<string, string>(f.Key, f.Value))));
        var body = await response.Content.ReadAsStringAsync();
        response.StatusCode.ShouldBe(HttpStatusCode.OK, body);
        return JsonDocument.Parse(body).RootElement.Clone();
    }

    private async Task<(HttpStatusCode Status, Resource? Resource, string Body)> FhirAsync(string token, string url)
    {
        using var client = fixture.Factory.CreateClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, new Uri(url, UriKind.Relative));
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await client.SendAsync(request);
        var body = await response.Content.ReadAsStringAsync();
        return (response.StatusCode, body.Length == 0 ? null : FhirJson.Parse(body).Resource, body);
    }

    [Fact]
    public async System.Threading.Tasks.Task Discovery_names_the_endpoints_PKCE_and_the_scopes()
    {
        using var client = fixture.Factory.CreateClient();
        var json = JsonDocument.Parse(await client.GetStringAsync(new Uri("/.well-known/smart-configuration", UriKind.Relative))).RootElement;
        json.GetProperty("authorization_endpoint").GetString().ShouldEndWith("/connect/authorize");
        json.GetProperty("token_endpoint").GetString().ShouldEndWith("/connect/token");
        json.GetProperty("code_challenge_methods_supported").EnumerateArray().Select(e => e.GetString()).ShouldBe(["S256"]);
        json.GetProperty("scopes_supported").EnumerateArray().Select(e => e.GetString()).ShouldContain("patient/*.rs");
        json.GetProperty("capabilities").EnumerateArray().Select(e => e.GetString()).ShouldContain("launch-standalone");
    }

    [Fact]
    public async System.Threading.Tasks.Task A_patient_launches_an_app_which_reads_their_everything_and_nobody_elses_until_access_is_removed()
    {
        var (browser, patientId) = await FhirTestPatients.CreateAsync(fixture.Factory, $"smart-{Guid.NewGuid():N}@example.com", "Smart Person", 10, new DateOnly(2026, 11, 30));
        var (_, otherId) = await FhirTestPatients.CreateAsync(fixture.Factory, $"smart-other-{Guid.NewGuid():N}@example.com", "Zother Person", 3, new DateOnly(2026, 11, 30));
        var clientId = await RegisterClientAsync();
        var (verifier, challenge) = Pkce();

        var redirect = await AuthorizeAsync(browser, clientId, challenge, "allow");
        redirect["state"].ShouldBe("st4te");
        var token = await TokenAsync(("grant_type", "authorization_code"), ("code", redirect["code"]), ("redirect_uri", Callback), ("client_id", clientId), ("code_verifier", verifier));
        token.GetProperty("token_type").GetString().ShouldBe("Bearer");
        token.GetProperty("patient").GetString().ShouldBe(patientId.ToString("N"));
        token.GetProperty("scope").GetString()!.Split(' ').ShouldContain("patient/*.rs");
        var access = token.GetProperty("access_token").GetString()!;

        var (status, resource, _) = await FhirAsync(access, $"/fhir/Patient/{patientId:N}/$everything");
        status.ShouldBe(HttpStatusCode.OK);
        var everything = resource.ShouldBeOfType<Bundle>();
        everything.Entry.Select(e => e.Resource).OfType<Patient>().ShouldHaveSingleItem().Id.ShouldBe(patientId.ToString("N"));
        everything.Entry.Count(e => e.Resource is Observation o && o.Code.Coding[0].Code == "72514-3").ShouldBe(11);

        foreach (var url in new[] { $"/fhir/Patient/{otherId:N}/$everything", $"/fhir/Patient/{otherId:N}" })
        {
            var (denied, _, body) = await FhirAsync(access, url);
            denied.ShouldBe(HttpStatusCode.NotFound, url);
            body.ShouldNotContain("Zother");
        }

        (await FhirAsync(access, $"/fhir/Observation?patient={otherId:N}")).Status.ShouldBe(HttpStatusCode.Forbidden);
        var (_, own, ownBody) = await FhirAsync(access, "/fhir/Observation?code=72514-3&_count=200");
        ((Bundle)own!).Total.ShouldBe(11);
        ownBody.ShouldNotContain(otherId.ToString("N"));

        // Refresh tokens work (offline_access).
        var refreshed = await TokenAsync(("grant_type", "refresh_token"), ("refresh_token", token.GetProperty("refresh_token").GetString()!), ("client_id", clientId));
        var second = refreshed.GetProperty("access_token").GetString()!;
        (await FhirAsync(second, $"/fhir/Patient/{patientId:N}")).Status.ShouldBe(HttpStatusCode.OK);

        // Removing the app on the account page stops its tokens at once.
        var (appsStatus, apps) = await browser.GetAsync("/Account/Apps");
        appsStatus.ShouldBe(HttpStatusCode.OK);
        apps.ShouldContain("Test Diary App");
        var id = Regex.Match(apps, "name=\"id\" value=\"([^\"]+)\"").Groups[1].Value;
        (await browser.PostFormAsync("/Account/Apps", [new("id", id)], "/Account/Apps?handler=Revoke")).StatusCode.ShouldBe(HttpStatusCode.Redirect);
        (await FhirAsync(access, $"/fhir/Patient/{patientId:N}")).Status.ShouldBe(HttpStatusCode.Unauthorized);
        (await FhirAsync(second, $"/fhir/Patient/{patientId:N}")).Status.ShouldBe(HttpStatusCode.Unauthorized);
        (await browser.GetAsync("/Account/Apps")).Html.ShouldNotContain("Test Diary App");
    }

    [Fact]
    public async System.Threading.Tasks.Task Refusing_on_the_consent_page_sends_access_denied_and_no_code()
    {
        var (browser, _) = await FhirTestPatients.CreateAsync(fixture.Factory, $"smart-no-{Guid.NewGuid():N}@example.com", "Smart No", 1, new DateOnly(2026, 11, 30));
        var clientId = await RegisterClientAsync();
        var redirect = await AuthorizeAsync(browser, clientId, Pkce().Challenge, "deny");
        redirect["error"].ShouldBe("access_denied");
        redirect.ShouldNotContainKey("code");
    }

    [Fact]
    public async System.Threading.Tasks.Task A_code_cannot_be_exchanged_without_the_PKCE_verifier()
    {
        var (browser, _) = await FhirTestPatients.CreateAsync(fixture.Factory, $"smart-pkce-{Guid.NewGuid():N}@example.com", "Smart Pkce", 1, new DateOnly(2026, 11, 30));
        var clientId = await RegisterClientAsync();
        var redirect = await AuthorizeAsync(browser, clientId, Pkce().Challenge, "allow");
        using var client = fixture.Factory.CreateClient();
        var response = await client.PostAsync(new Uri("/connect/token", UriKind.Relative), new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["grant_type"] = "authorization_code", ["code"] = redirect["code"], ["redirect_uri"] = Callback, ["client_id"] = clientId, ["code_verifier"] = Pkce().Verifier,
        }));
        response.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async System.Threading.Tasks.Task A_token_that_is_not_ours_is_401()
    {
        var (status, resource, _) = await FhirAsync("not-a-token", "/fhir/Observation");
        status.ShouldBe(HttpStatusCode.Unauthorized);
        resource.ShouldBeOfType<OperationOutcome>();
    }

    [GeneratedRegex("name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"")]
    private static partial Regex Antiforgery();

    [GeneratedRegex("<input type=\"hidden\" name=\"([^\"]+)\" value=\"([^\"]*)\"")]
    private static partial Regex HiddenField();
}
