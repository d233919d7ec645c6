using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text;
using System.Text.Json;
using System.Text.RegularExpressions;
using BackCare.App.Smart;
using BackCare.Interop.Fhir;
using BackCare.Web.Infrastructure;
using BackCare.Web.Pages.Connect;
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

    /// <summary>Opens the consent page in the person's browser session; returns the page and the form fields it carries.</summary>
    private async Task<(string Page, List<KeyValuePair<string, string>> Fields)> ConsentPageAsync(WebSession browser, string clientId, string challenge, string scope)
    {
        var query = $"response_type=code&client_id={clientId}&redirect_uri={Uri.EscapeDataString(Callback)}&scope={Uri.EscapeDataString(scope)}&state=st4te&aud={Uri.EscapeDataString(FhirBase)}&code_challenge={challenge}&code_challenge_method=S256";
        var (status, page) = await browser.GetAsync("/connect/authorize?" + query);
        status.ShouldBe(HttpStatusCode.OK, page);
        page.ShouldContain("Test Diary App");
        page.ShouldContain("It cannot change or delete anything");
        var fields = HiddenField().Matches(page).Select(m => new KeyValuePair<string, string>(WebUtility.HtmlDecode(m.Groups[1].Value), WebUtility.HtmlDecode(m.Groups[2].Value))).ToList();
        fields.Add(new("__RequestVerificationToken", Antiforgery().Match(page).Groups[1].Value));
        return (page, fields);
    }

    private static Task<HttpResponseMessage> DecideAsync(WebSession browser, List<KeyValuePair<string, string>> fields, string decision, params (string Key, string Value)[] extra) =>
        browser.Client.PostAsync(new Uri("/connect/authorize", UriKind.Relative),
            new FormUrlEncodedContent([.. fields, new("decision", decision), .. extra.Select(e => new KeyValuePair<string, string>(e.Key, e.Value))]));

    private static async Task<Dictionary<string, string>> RedirectQueryAsync(HttpResponseMessage response)
    {
        response.StatusCode.ShouldBe(HttpStatusCode.Redirect, await response.Content.ReadAsStringAsync());
        var location = response.Headers.Location!;
        location.GetLeftPart(UriPartial.Path).ShouldBe(Callback);
        return location.Query.TrimStart('?').Split('&').Select(p => p.Split('=', 2)).ToDictionary(p => p[0], p => Uri.UnescapeDataString(p[1]));
    }

    /// <summary>Runs the launch in the person's browser session; returns the redirect's query (code or error).</summary>
    private async Task<Dictionary<string, string>> AuthorizeAsync(WebSession browser, string clientId, string challenge, string decision, string scope = "openid fhirUser launch/patient patient/*.rs offline_access")
    {
        var (_, fields) = await ConsentPageAsync(browser, clientId, challenge, scope);
        return await RedirectQueryAsync(await DecideAsync(browser, fields, decision));
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
    public async System.Threading.Tasks.Task A_clinician_launches_an_app_which_reads_only_the_patients_who_share_with_them()
    {
        var (_, sharing) = await FhirTestPatients.CreateAsync(fixture.Factory, $"smart-shares-{Guid.NewGuid():N}@example.com", "Sharing Person", 4, new DateOnly(2026, 11, 30));
        var (_, other) = await FhirTestPatients.CreateAsync(fixture.Factory, $"smart-private-{Guid.NewGuid():N}@example.com", "Zprivate Person", 3, new DateOnly(2026, 11, 30));
        var (clinician, _, _) = await FhirTestPatients.ClinicianAsync(fixture.Factory, $"smart-clin-{Guid.NewGuid():N}@example.com", "Dr Launch", sharing);
        var clientId = await RegisterClientAsync();

        // user/*.rs: every patient who shares with the clinician, and nobody else; no patient in context.
        var (verifier, challenge) = Pkce();
        var (page, fields) = await ConsentPageAsync(clinician, clientId, challenge, "openid user/*.rs offline_access");
        page.ShouldContain("the patients who share them with you");
        var code = (await RedirectQueryAsync(await DecideAsync(clinician, fields, "allow")))["code"];
        var token = await TokenAsync(("grant_type", "authorization_code"), ("code", code), ("redirect_uri", Callback), ("client_id", clientId), ("code_verifier", verifier));
        token.TryGetProperty("patient", out _).ShouldBeFalse();
        var access = token.GetProperty("access_token").GetString()!;
        var (status, resource, _) = await FhirAsync(access, $"/fhir/Patient/{sharing:N}/$everything");
        status.ShouldBe(HttpStatusCode.OK);
        ((Bundle)resource!).Entry.Select(e => e.Resource).OfType<Patient>().ShouldHaveSingleItem().Id.ShouldBe(sharing.ToString("N"));
        foreach (var url in new[] { $"/fhir/Patient/{other:N}/$everything", $"/fhir/Patient/{other:N}" })
        {
            var (denied, _, body) = await FhirAsync(access, url);
            denied.ShouldBe(HttpStatusCode.NotFound, url);
            body.ShouldNotContain("Zprivate");
        }

        (await FhirAsync(access, $"/fhir/Observation?patient={other:N}")).Status.ShouldBe(HttpStatusCode.Forbidden);
        var (_, pains, painsBody) = await FhirAsync(access, "/fhir/Observation?code=72514-3&_count=200");
        ((Bundle)pains!).Total.ShouldBe(5, "the sharing patient's 4 diary days and assessment pain score");
        painsBody.ShouldNotContain(other.ToString("N"));

        // launch/patient: the clinician picks among the patients who share with them; a patient who does not share
        // cannot be put in a token even by editing the form.
        (verifier, challenge) = Pkce();
        (page, fields) = await ConsentPageAsync(clinician, clientId, challenge, "openid launch/patient patient/*.rs");
        page.ShouldContain("record should the app open?");
        page.ShouldContain("Sharing Person");
        page.ShouldNotContain("Zprivate");
        var forged = await DecideAsync(clinician, fields, "allow", (AuthorizeModel.LaunchPatientField, other.ToString("N")));
        forged.StatusCode.ShouldBe(HttpStatusCode.BadRequest);
        forged.Headers.Location.ShouldBeNull();
        (await DecideAsync(clinician, fields, "allow")).StatusCode.ShouldBe(HttpStatusCode.BadRequest, "no patient chosen");
        code = (await RedirectQueryAsync(await DecideAsync(clinician, fields, "allow", (AuthorizeModel.LaunchPatientField, sharing.ToString("N")))))["code"];
        token = await TokenAsync(("grant_type", "authorization_code"), ("code", code), ("redirect_uri", Callback), ("client_id", clientId), ("code_verifier", verifier));
        token.GetProperty("patient").GetString().ShouldBe(sharing.ToString("N"));
        access = token.GetProperty("access_token").GetString()!;
        (await FhirAsync(access, $"/fhir/Patient/{sharing:N}/$everything")).Status.ShouldBe(HttpStatusCode.OK);
        (await FhirAsync(access, $"/fhir/Patient/{other:N}/$everything")).Status.ShouldBe(HttpStatusCode.NotFound);
        var (_, launched, launchedBody) = await FhirAsync(access, "/fhir/Observation?code=72514-3&_count=200");
        ((Bundle)launched!).Total.ShouldBe(5);
        launchedBody.ShouldNotContain(other.ToString("N"));
    }

    [Fact]
    public async System.Threading.Tasks.Task A_clinician_cannot_ask_for_patient_scopes_without_choosing_a_patient()
    {
        var (clinician, _, _) = await FhirTestPatients.ClinicianAsync(fixture.Factory, $"smart-clin-{Guid.NewGuid():N}@example.com", "Dr Nolaunch");
        var clientId = await RegisterClientAsync();
        var query = $"response_type=code&client_id={clientId}&redirect_uri={Uri.EscapeDataString(Callback)}&scope={Uri.EscapeDataString("openid patient/*.rs")}&state=st4te&aud={Uri.EscapeDataString(FhirBase)}&code_challenge={Pkce().Challenge}&code_challenge_method=S256";
        var response = await clinician.Client.GetAsync(new Uri("/connect/authorize?" + query, UriKind.Relative));
        var redirect = await RedirectQueryAsync(response);
        redirect["error"].ShouldBe("invalid_scope");
        redirect.ShouldNotContainKey("code");

        // With launch/patient but nobody sharing, the page says so and offers no way to allow.
        var (page, _) = await ConsentPageAsync(clinician, clientId, Pkce().Challenge, "openid launch/patient patient/*.rs");
        page.ShouldContain("No patient shares their record with you yet");
        page.ShouldNotContain("value=\"allow\"");
    }

    [Fact]
    public async System.Threading.Tasks.Task Every_node_signs_identity_tokens_with_the_one_key_the_others_publish()
    {
        var (browser, patientId) = await FhirTestPatients.CreateAsync(fixture.Factory, $"smart-id-{Guid.NewGuid():N}@example.com", "Smart Identity", 1, new DateOnly(2026, 11, 30));
        var clientId = await RegisterClientAsync();
        var (verifier, challenge) = Pkce();
        var redirect = await AuthorizeAsync(browser, clientId, challenge, "allow", "openid fhirUser launch/patient patient/*.rs");
        var token = await TokenAsync(("grant_type", "authorization_code"), ("code", redirect["code"]), ("redirect_uri", Callback), ("client_id", clientId), ("code_verifier", verifier));
        var idToken = token.GetProperty("id_token").GetString()!;

        // A second node on the same database (a new host process in production; a second host here) publishes the same
        // key, so the app can verify an id_token whichever node issued it.
        await using var otherNode = fixture.Factory.WithWebHostBuilder(_ => { });
        async Task<Microsoft.IdentityModel.Tokens.JsonWebKeySet> KeysAsync(HttpClient client)
        {
            var discovery = JsonDocument.Parse(await client.GetStringAsync(new Uri("/.well-known/openid-configuration", UriKind.Relative))).RootElement;
            var jwksUri = new Uri(discovery.GetProperty("jwks_uri").GetString()!);
            return new Microsoft.IdentityModel.Tokens.JsonWebKeySet(await client.GetStringAsync(new Uri(jwksUri.PathAndQuery, UriKind.Relative)));
        }

        using var firstClient = fixture.Factory.CreateClient();
        using var otherClient = otherNode.CreateClient();
        var first = await KeysAsync(firstClient);
        var other = await KeysAsync(otherClient);
        first.Keys.Select(k => (k.Kid, k.N)).ShouldBe(other.Keys.Select(k => (k.Kid, k.N)));
        first.Keys.ShouldNotBeEmpty();

        var validation = await new Microsoft.IdentityModel.JsonWebTokens.JsonWebTokenHandler().ValidateTokenAsync(idToken, new Microsoft.IdentityModel.Tokens.TokenValidationParameters
        {
            IssuerSigningKeys = other.GetSigningKeys(),
            ValidateIssuer = false,
            ValidAudience = clientId,
        });
        validation.IsValid.ShouldBeTrue(validation.Exception?.Message);
        validation.Claims["fhirUser"].ToString()!.ShouldEndWith($"/fhir/Patient/{patientId:N}");
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
