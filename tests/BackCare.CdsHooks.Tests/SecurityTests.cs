using System.Net;
using System.Text.Json;

namespace BackCare.CdsHooks.Tests;

/// <summary>Every call carries a JWT verified as the spec's security notes ask; any failure is a bare 401.</summary>
public sealed class SecurityTests(CdsHost host) : IClassFixture<CdsHost>
{
    private const string Discovery = "/cds-services";

    [Theory]
    [Requirement("176", "199")]
    [InlineData("ES384")]
    [InlineData("RS384")]
    [InlineData("ES256")]
    public async Task Each_client_key_type_is_accepted(string alg)
    {
        var (key, issuer, tenant) = alg switch
        {
            "ES384" => (CdsHost.Es384, CdsHost.Ehr, (string?)null),
            "RS384" => (CdsHost.Rs384, CdsHost.Partner, CdsHost.Tenant),
            _ => (CdsHost.Es256, CdsHost.Sandbox, null),
        };
        using var response = await host.GetAsync(Discovery, Tokens.Sign(key, issuer, CdsHost.Base + Discovery, tenant: tenant));
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    public static TheoryData<string, string> Forgeries() => new()
    {
        { "no token", "" },
        { "alg none", Tokens.None(CdsHost.Ehr, CdsHost.Base + Discovery) },
        { "HS256 keyed with the public JWKS", Tokens.Hmac(CdsHost.Ehr, CdsHost.Base + Discovery, CdsHost.Es384.Jwks, CdsHost.Es384.Kid) },
        { "unknown issuer", Tokens.Sign(CdsHost.Es384, "https://evil.example", CdsHost.Base + Discovery) },
        { "key of another client", Tokens.Sign(CdsHost.Es256, CdsHost.Ehr, CdsHost.Base + Discovery) },
        { "audience of another endpoint", Tokens.Sign(CdsHost.Es384, CdsHost.Ehr, CdsHost.Base + "/cds-services/backcare-order-sign") },
        { "audience with a trailing slash", Tokens.Sign(CdsHost.Es384, CdsHost.Ehr, CdsHost.Base + Discovery + "/") },
        { "audience of another host", Tokens.Sign(CdsHost.Es384, CdsHost.Ehr, "https://other.example" + Discovery) },
        { "expired beyond the 60 s leeway", Tokens.Sign(CdsHost.Es384, CdsHost.Ehr, CdsHost.Base + Discovery, expires: TimeProvider.System.GetUtcNow().AddSeconds(-90)) },
        { "expiry more than an hour ahead", Tokens.Sign(CdsHost.Es384, CdsHost.Ehr, CdsHost.Base + Discovery, expires: TimeProvider.System.GetUtcNow().AddHours(3)) },
        { "no jti", Tokens.Sign(CdsHost.Es384, CdsHost.Ehr, CdsHost.Base + Discovery, includeJti: false) },
        { "no iat", Tokens.Sign(CdsHost.Es384, CdsHost.Ehr, CdsHost.Base + Discovery, includeIat: false) },
        { "wrong tenant", Tokens.Sign(CdsHost.Rs384, CdsHost.Partner, CdsHost.Base + Discovery, tenant: "another-clinic") },
        { "missing tenant", Tokens.Sign(CdsHost.Rs384, CdsHost.Partner, CdsHost.Base + Discovery) },
        { "jku not on the allow-list", Tokens.Sign(CdsHost.JkuKey, CdsHost.Ehr, CdsHost.Base + Discovery, jku: "https://evil.example/keys.json") },
        { "tampered payload", Tamper(Tokens.Sign(CdsHost.Es384, CdsHost.Ehr, CdsHost.Base + Discovery)) },
        { "garbage", "not.a.token" },
    };

    [Theory]
    [Requirement("176", "201", "203")]
    [MemberData(nameof(Forgeries))]
    public async Task A_forged_or_misdirected_token_gets_a_bare_401(string why, string token)
    {
        using var response = await host.GetAsync(Discovery, token.Length == 0 ? null : token);
        response.StatusCode.ShouldBe(HttpStatusCode.Unauthorized, why);
        (await response.Content.ReadAsStringAsync()).ShouldBeEmpty(why);
    }

    [Fact]
    public async Task Audience_may_be_an_array_that_holds_the_exact_url()
    {
        var token = Tokens.Sign(CdsHost.Es384, CdsHost.Ehr, new[] { "https://other.example/x", CdsHost.Base + Discovery });
        using var response = await host.GetAsync(Discovery, token);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task Expiry_within_the_leeway_is_accepted()
    {
        var token = Tokens.Sign(CdsHost.Es384, CdsHost.Ehr, CdsHost.Base + Discovery, expires: TimeProvider.System.GetUtcNow().AddSeconds(-20));
        using var response = await host.GetAsync(Discovery, token);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_jku_on_the_allow_list_supplies_the_keys()
    {
        var token = Tokens.Sign(CdsHost.JkuKey, CdsHost.Ehr, CdsHost.Base + Discovery, jku: CdsHost.JkuUrl);
        using var response = await host.GetAsync(Discovery, token);
        response.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    public async Task A_replayed_token_is_refused_even_by_another_node_on_the_same_database()
    {
        var token = CdsHost.Token(Discovery);
        using (var first = await host.GetAsync(Discovery, token)) first.StatusCode.ShouldBe(HttpStatusCode.OK);
        using (var again = await host.GetAsync(Discovery, token)) again.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);

        // A second host process on the same database (another node) refuses it too.
        await using var other = host.Create(new Dictionary<string, string>
        {
            ["BackCare:CdsHooks:Clients:0:Issuer"] = CdsHost.Ehr,
            ["BackCare:CdsHooks:Clients:0:JwksPath"] = Path.Combine(host.Folder, "ehr.jwks"),
        }, "db");
        using var client = other.CreateClient();
        using (var elsewhere = await host.GetAsync(Discovery, token, client)) elsewhere.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using (var fresh = await host.GetAsync(Discovery, CdsHost.Token(Discovery), client)) fresh.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Theory]
    [InlineData("/cds-services/backcare-order-sign", "worked")]
    [InlineData("/cds-services/backcare-order-sign", "{ not json")]
    [InlineData("/cds-services/backcare-order-sign", "{\"hook\":\"order-sign\"}")]
    [InlineData("/cds-services/no-such-service", "worked")]
    public async Task A_replayed_token_gets_401_whatever_the_request_would_have_got(string path, string body)
    {
        // The service reads and checks the request while the replay record commits; the replay still decides the answer.
        var json = body == "worked" ? Requests.WorkedCase().ToJsonString() : body;
        var token = CdsHost.Token(path);
        using (var first = await host.PostAsync(path, json, token)) first.StatusCode.ShouldNotBe(HttpStatusCode.Unauthorized);
        using var again = await host.PostAsync(path, json, token);
        again.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        (await again.Content.ReadAsStringAsync()).ShouldBeEmpty();
    }

    [Fact]
    public async Task The_same_token_sent_concurrently_is_accepted_exactly_once()
    {
        // The replay cache is written in groups: copies of one jti arriving together land in the same batch,
        // and only one of them may pass.
        var token = CdsHost.Token(Discovery);
        var fresh = Enumerable.Range(0, 10).Select(_ => CdsHost.Token(Discovery)).ToList();
        var calls = Enumerable.Range(0, 20).Select(_ => host.GetAsync(Discovery, token)).Concat(fresh.Select(t => host.GetAsync(Discovery, t))).ToList();
        var responses = await Task.WhenAll(calls);
        try
        {
            responses.Take(20).Count(r => r.StatusCode == HttpStatusCode.OK).ShouldBe(1);
            responses.Take(20).Count(r => r.StatusCode == HttpStatusCode.Unauthorized).ShouldBe(19);
            responses.Skip(20).ShouldAllBe(r => r.StatusCode == HttpStatusCode.OK);
        }
        finally
        {
            foreach (var r in responses) r.Dispose();
        }
    }

    [Fact]
    public async Task With_no_client_configured_every_service_answers_401()
    {
        await using var bare = host.Create([], "bare");
        using var client = bare.CreateClient();
        using (var discovery = await host.GetAsync(Discovery, CdsHost.Token(Discovery), client)) discovery.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using (var service = await host.PostAsync("/cds-services/backcare-order-sign", Requests.WorkedCase().ToJsonString(), client: client)) service.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using (var feedback = await host.PostAsync("/cds-services/backcare-order-sign/feedback", "{}", client: client)) feedback.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task The_service_and_feedback_need_a_token_for_their_own_url()
    {
        var body = Requests.WorkedCase().ToJsonString();
        using (var wrong = await host.PostAsync("/cds-services/backcare-order-sign", body, CdsHost.Token(Discovery))) wrong.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using (var none = await host.PostAsync("/cds-services/backcare-order-sign", body, token: null)) none.StatusCode.ShouldBe(HttpStatusCode.Unauthorized);
        using var right = await host.PostAsync("/cds-services/backcare-order-sign", body);
        right.StatusCode.ShouldBe(HttpStatusCode.OK);
    }

    [Fact]
    [Requirement("208")]
    public async Task CORS_preflight_needs_no_token_and_every_answer_carries_the_headers()
    {
        foreach (var path in new[] { Discovery, "/cds-services/backcare-order-sign", "/cds-services/backcare-order-sign/feedback" })
        {
            using var preflight = new HttpRequestMessage(HttpMethod.Options, path);
            preflight.Headers.Add("Origin", "https://ehr.example.org");
            preflight.Headers.Add("Access-Control-Request-Method", "POST");
            preflight.Headers.Add("Access-Control-Request-Headers", "authorization, content-type");
            using var response = await host.Client.SendAsync(preflight);
            response.StatusCode.ShouldBe(HttpStatusCode.NoContent, path);
            response.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe(["*"]);
            string.Join(",", response.Headers.GetValues("Access-Control-Allow-Headers")).ShouldContain("Authorization");
        }

        using var refused = await host.GetAsync(Discovery, token: null);
        refused.Headers.GetValues("Access-Control-Allow-Origin").ShouldBe(["*"]);
    }

    private static string Tamper(string token)
    {
        var parts = token.Split('.');
        var payload = JsonSerializer.Deserialize<Dictionary<string, JsonElement>>(Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Decode(parts[1]))!;
        var changed = payload.ToDictionary(p => p.Key, p => (object)p.Value);
        changed["jti"] = "tampered-" + Guid.NewGuid().ToString("N");
        parts[1] = Microsoft.IdentityModel.Tokens.Base64UrlEncoder.Encode(JsonSerializer.Serialize(changed));
        return string.Join('.', parts);
    }
}
