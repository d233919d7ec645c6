using System.Globalization;
using System.Net;
using BackCare.App.Accounts;
using BackCare.App.Data;
using BackCare.Clinical.Evidence;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.AspNetCore.Mvc.RazorPages.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Xunit.Abstractions;
using static BackCare.Web.Tests.AssessmentSteps;

namespace BackCare.Web.Tests;

/// <summary>
/// Issue 13 §6: every page handler and endpoint the running app exposes × anonymous, the patient themself, another
/// patient, a clinician and an admin, with the expected outcome for each cell written down below as data. The list of
/// endpoints is read from the app (<see cref="EndpointDataSource"/>, each Razor page loaded for its handlers), so a new
/// endpoint or handler without a row fails <see cref="Every_endpoint_the_app_exposes_has_a_row_and_every_row_an_endpoint"/>.
/// Two patients are seeded with distinctive markers in their diary, assessment and name; no response to anyone but
/// the owner may contain an owner's marker, and no other actor's request may change the owner's rows.
/// </summary>
public sealed class AuthorizationMatrixTests(WebFixture fixture, ITestOutputHelper output) : IClassFixture<WebFixture>
{
    /// <summary>What a cell must answer.</summary>
    public enum Expect
    {
        /// <summary>200 with the page or file.</summary>
        Ok,

        /// <summary>302 to a page of the app other than sign-in or access-denied (a saved form, or a page that sends you on).</summary>
        Redirect,

        /// <summary>302 to /Account/Login (anonymous visitor on a page that needs an account).</summary>
        Login,

        /// <summary>302 to /Account/AccessDenied, which answers 403: a signed-in account of a role the page is not for.</summary>
        Denied,

        /// <summary>400: the handler was reached and refused the form (the matrix posts a deliberately refused form here).</summary>
        Refused,

        /// <summary>403 on the page itself.</summary>
        Forbidden,

        /// <summary>401: a CDS Hooks service called without its signed JWT (a browser session is not a credential there).</summary>
        Unauthorized,

        /// <summary>404: a record the caller may not read answers as if it did not exist (no data, no hint): a patient's summary asked for by a clinician the patient does not share with, a FHIR read of another's record.</summary>
        NotFound,
    }

    public enum Actor
    {
        Anonymous,
        PatientSelf,
        OtherPatient,
        Clinician,
        Admin,
    }

    /// <summary>One row: the expected outcome per actor, the form a POST sends, and whether the owner must see their own marker.</summary>
    public sealed record Row(Expect Anonymous, Expect Self, Expect Other, Expect Clinician, Expect Admin)
    {
        public (string Key, string Value)[] Form { get; init; } = [];

        /// <summary>The owner's marker must appear in the owner's own response (it is a page or file of their data).</summary>
        public bool ShowsOwnData { get; init; }

        /// <summary>The request signs the session out; the actor signs in again afterwards.</summary>
        public bool EndsSession { get; init; }

        /// <summary>
        /// A route naming a patient (<c>{id:guid}</c>): it is requested for the owner, who shares with the clinician (the
        /// clinician may then see the owner's marker), and again for the other patient, who does not: the clinician must
        /// get <see cref="ClinicianNotShared"/> and no marker.
        /// </summary>
        public Expect? ClinicianNotShared { get; init; }

        /// <summary>The clinician's panel: it lists the owner, who shares with the clinician (and never the other patient).</summary>
        public bool ClinicianSeesOwner { get; init; }

        public Expect For(Actor actor) => actor switch
        {
            Actor.Anonymous => Anonymous,
            Actor.PatientSelf => Self,
            Actor.OtherPatient => Other,
            Actor.Clinician => Clinician,
            _ => Admin,
        };
    }

    private const Expect Ok = Expect.Ok, Redirect = Expect.Redirect, Login = Expect.Login, Denied = Expect.Denied, Refused = Expect.Refused, Forbidden = Expect.Forbidden, Unauthorized = Expect.Unauthorized, NotFound = Expect.NotFound;

    private static readonly string Yesterday = DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime).AddDays(-1).ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);

    /// <summary>
    /// The matrix, keyed by "VERB route[?handler=Name]" with the route as the app declares it. Patient records: only the
    /// patient themself reads or writes them ("other patient" reaches the same URL and gets only their own record, since
    /// no URL takes a person's id); anonymous visitors are sent to sign in; clinicians and admins are refused (403) until
    /// the clinician issue gives them pages of their own.
    /// </summary>
    public static readonly IReadOnlyDictionary<string, Row> Matrix = new Dictionary<string, Row>
    {
        // Public pages.
        ["GET /"] = new(Ok, Ok, Ok, Ok, Ok),
        ["GET /Learn"] = new(Ok, Ok, Ok, Ok, Ok),
        ["GET /Guides"] = new(Ok, Ok, Ok, Ok, Ok),
        ["GET /Guides/Technique/{id}"] = new(Ok, Ok, Ok, Ok, Ok),

        // The article check (issue 18): anyone may paste an article; nothing is stored, and the post needs its antiforgery token.
        ["GET /Check"] = new(Ok, Ok, Ok, Ok, Ok),
        ["POST /Check"] = new(Ok, Ok, Ok, Ok, Ok) { Form = [("Text", "Diazepam is an effective medicine for low back pain.")] },
        ["GET /healthz"] = new(Ok, Ok, Ok, Ok, Ok),
        ["GET /healthz/ready"] = new(Ok, Ok, Ok, Ok, Ok),

        // The calendar feed: the 128-bit token in the URL is the credential (calendars cannot sign in), so whoever holds
        // the owner's link gets the owner's reminder time and nothing else (docs/security.md); no marker may appear.
        ["GET /calendar/{token}.ics"] = new(Ok, Ok, Ok, Ok, Ok),

        // Account pages anyone may open; their forms are posted refused here (wrong or empty details).
        ["GET /Account/Login"] = new(Ok, Ok, Ok, Ok, Ok),
        ["POST /Account/Login"] = new(Refused, Refused, Refused, Refused, Refused) { Form = [("Email", "nobody@example.com"), ("Password", "not the password")] },
        ["GET /Account/Register"] = new(Ok, Ok, Ok, Ok, Ok),
        ["POST /Account/Register"] = new(Refused, Refused, Refused, Refused, Refused) { Form = [("DisplayName", ""), ("Email", ""), ("Password", "")] },
        ["GET /Account/ResetPassword"] = new(Ok, Ok, Ok, Ok, Ok),
        ["POST /Account/ResetPassword"] = new(Refused, Refused, Refused, Refused, Refused) { Form = [("Email", "alice-matrix@example.com"), ("Token", "not-a-code"), ("Password", "another long password")] },
        ["GET /Account/Logout"] = new(Ok, Ok, Ok, Ok, Ok),
        ["POST /Account/Logout"] = new(Redirect, Redirect, Redirect, Redirect, Redirect) { EndsSession = true },
        ["GET /Account/AccessDenied"] = new(Forbidden, Forbidden, Forbidden, Forbidden, Forbidden),

        // Account security (accounts on Identity): the signed-in person's own settings; wrong codes and passwords refused.
        ["GET /Account/ChangePassword"] = new(Login, Ok, Ok, Ok, Ok),
        ["POST /Account/ChangePassword"] = new(Login, Refused, Refused, Refused, Refused) { Form = [("CurrentPassword", "not the password"), ("NewPassword", "another long password")] },
        ["GET /Account/TwoFactor"] = new(Login, Ok, Ok, Ok, Ok),
        ["POST /Account/TwoFactor?handler=Enable"] = new(Login, Refused, Refused, Refused, Refused) { Form = [("Code", "000000")] },
        ["POST /Account/TwoFactor?handler=Disable"] = new(Login, Redirect, Redirect, Refused, Refused),
        ["GET /Account/LoginWith2fa"] = new(Login, Login, Login, Login, Login),
        ["POST /Account/LoginWith2fa"] = new(Login, Login, Login, Login, Login) { Form = [("Code", "000000")] },

        // Patient records and the patient's own account.
        ["GET /Assessment"] = new(Login, Ok, Ok, Denied, Denied),
        ["POST /Assessment"] = new(Login, Redirect, Redirect, Denied, Denied) { Form = [("step", "redflags"), ("age", "45"), ("durationWeeks", "2")] },
        ["POST /Assessment?handler=StartAgain"] = new(Login, Redirect, Redirect, Denied, Denied),
        ["GET /Assessment/Emergency"] = new(Login, Ok, Ok, Denied, Denied),
        ["GET /Plan"] = new(Login, Ok, Ok, Denied, Denied),
        ["GET /Diary"] = new(Login, Ok, Ok, Denied, Denied) { ShowsOwnData = true },
        ["POST /Diary"] = new(Login, Redirect, Redirect, Denied, Denied) { Form = [("Date", Yesterday), ("Pain", "4"), ("Note", "matrix check-in")] },
        ["GET /Progress"] = new(Login, Ok, Ok, Denied, Denied),
        ["GET /Medicines"] = new(Login, Ok, Ok, Denied, Denied) { ShowsOwnData = true },
        ["POST /Medicines"] = new(Login, Ok, Ok, Denied, Denied) { Form = [("Medicines", "ibuprofen"), ("Age", "50")] },
        ["GET /Reminders"] = new(Login, Ok, Ok, Denied, Denied),
        ["POST /Reminders"] = new(Login, Redirect, Redirect, Denied, Denied) { Form = [("Time", "08:30")] },
        ["GET /Reminders?handler=Download"] = new(Login, Ok, Ok, Denied, Denied),
        ["POST /Reminders?handler=NewLink"] = new(Login, Redirect, Redirect, Denied, Denied),
        ["GET /Guides/Done/{id}"] = new(Login, Redirect, Redirect, Denied, Denied),
        ["POST /Guides/Done/{id}"] = new(Login, Redirect, Redirect, Denied, Denied),
        ["GET /Account/Export"] = new(Login, Ok, Ok, Denied, Denied),
        ["GET /Account/Export?handler=Csv"] = new(Login, Ok, Ok, Denied, Denied) { ShowsOwnData = true },
        ["GET /Account/Export?handler=Fhir"] = new(Login, Ok, Ok, Denied, Denied) { ShowsOwnData = true },
        ["GET /Account/Export?handler=Pdf"] = new(Login, Ok, Ok, Denied, Denied),
        ["GET /Account/Delete"] = new(Login, Ok, Ok, Denied, Denied),

        // Reached but refused: the matrix must not delete the seeded patients (deletion is tested in PatientJourneyTests).
        ["POST /Account/Delete"] = new(Login, Refused, Refused, Denied, Denied) { Form = [("Confirm", "not now")] },

        // CDS Hooks (issue 15): only a signed JWT opens the services; CORS preflight and the evidence page are public.
        ["GET /cds-services"] = new(Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized),
        ["POST /cds-services/{id}"] = new(Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized),
        ["POST /cds-services/{id}/feedback"] = new(Unauthorized, Unauthorized, Unauthorized, Unauthorized, Unauthorized),
        ["OPTIONS /cds-services"] = new(Ok, Ok, Ok, Ok, Ok),
        ["OPTIONS /cds-services/{id}"] = new(Ok, Ok, Ok, Ok, Ok),
        ["OPTIONS /cds-services/{id}/feedback"] = new(Ok, Ok, Ok, Ok, Ok),
        ["GET /cds-hooks/rules/{rule}"] = new(Ok, Ok, Ok, Ok, Ok),
        ["GET /Clinician/CdsOverrides"] = new(Login, Denied, Denied, Ok, Denied),

        // Sharing (issue 16): the patient's own consents; unknown ids are ignored (redirect, nothing changes).
        ["GET /Sharing"] = new(Login, Ok, Ok, Denied, Denied),
        ["POST /Sharing?handler=Create"] = new(Login, Ok, Ok, Denied, Denied),
        ["POST /Sharing?handler=Revoke"] = new(Login, Redirect, Redirect, Denied, Denied) { Form = [("shareId", Guid.NewGuid().ToString())] },
        ["POST /Sharing?handler=Import"] = new(Login, Redirect, Redirect, Denied, Denied) { Form = [("shareId", Guid.NewGuid().ToString()), ("allow", "true")] },
        ["POST /Sharing?handler=Cancel"] = new(Login, Redirect, Redirect, Denied, Denied) { Form = [("codeId", Guid.NewGuid().ToString())] },

        // The clinician workspace: clinicians only (two-step sign-in), each seeing only patients who share with them. The
        // owner shares with the clinician; the other patient does not.
        ["GET /Clinician"] = new(Login, Denied, Denied, Ok, Denied) { ClinicianSeesOwner = true },
        ["POST /Clinician?handler=Redeem"] = new(Login, Denied, Denied, Refused, Denied) { Form = [("code", "not-a-code")], ClinicianSeesOwner = true },
        ["POST /Clinician?handler=Review"] = new(Login, Denied, Denied, Refused, Denied) { Form = [("patientId", Guid.NewGuid().ToString()), ("signature", "none")], ClinicianSeesOwner = true },
        ["GET /Clinician/Patients/{id:guid}"] = new(Login, Denied, Denied, Ok, Denied) { ClinicianNotShared = NotFound },
        ["GET /Clinician/Patients/{id:guid}?handler=Pdf"] = new(Login, Denied, Denied, Ok, Denied) { ClinicianNotShared = NotFound },

        // Import by a clinician (issue 17): the owner's consent allows it; the form posted is not a Bundle, so it is refused (400, nothing stored).
        ["GET /Clinician/Patients/Import/{id:guid}"] = new(Login, Denied, Denied, Ok, Denied) { ClinicianNotShared = NotFound },
        ["POST /Clinician/Patients/Import/{id:guid}"] = new(Login, Denied, Denied, Refused, Denied) { Form = [("Pasted", "{\"resourceType\": \"Patient\", \"name\": [{\"text\": \"matrix\"}]}")], ClinicianNotShared = NotFound },

        // Staff accounts: admins only (two-step sign-in); the form is posted refused (no email).
        ["GET /Admin/Staff"] = new(Login, Denied, Denied, Denied, Ok),
        ["POST /Admin/Staff"] = new(Login, Denied, Denied, Denied, Refused) { Form = [("Email", ""), ("Role", "clinician")] },

        // FHIR R4 API (issue 17). The matrix reads the owner's Patient ({type} = Patient, {id} = the owner's patient id):
        // the owner's session reads it; a search by anyone else answers with their own (or no) record; a read of the
        // owner's record by another patient or an admin is 404. The owner shares with the matrix clinician, who therefore
        // reads the owner's record (SharedRecordScope); a patient who does not share is covered, for every resource type
        // and search parameter, by Fhir_search_and_read_never_reach_another_patients_record.
        ["GET /fhir/metadata"] = new(Ok, Ok, Ok, Ok, Ok),

        // Import into one's own record: the matrix posts a form, not a Bundle, so a patient's request is refused (400).
        ["POST /fhir/"] = new(Unauthorized, Refused, Refused, Forbidden, Forbidden),
        ["GET /Account/Import"] = new(Login, Ok, Ok, Denied, Denied),

        // SMART on FHIR: discovery is public; the authorization endpoint without a valid OAuth request is refused by
        // OpenIddict before the consent page (the full launch is SmartLaunchTests); the connected-apps page shows each
        // person their own authorizations, and revoking one that is not theirs (here: none named) is 404.
        ["GET /.well-known/smart-configuration"] = new(Ok, Ok, Ok, Ok, Ok),
        ["GET /Connect/Authorize"] = new(Refused, Refused, Refused, Refused, Refused),
        ["POST /Connect/Authorize"] = new(Refused, Refused, Refused, Refused, Refused),
        ["GET /Account/Apps"] = new(Login, Ok, Ok, Ok, Ok),
        ["POST /Account/Apps?handler=Revoke"] = new(Login, NotFound, NotFound, NotFound, NotFound) { Form = [("id", "not-an-authorization")] },
        ["POST /Account/Import"] = new(Login, Refused, Refused, Denied, Denied) { Form = [("Pasted", "{\"resourceType\": \"Patient\", \"name\": [{\"text\": \"matrix\"}]}")] },
        ["GET /fhir/{type}"] = new(Unauthorized, Ok, Ok, Ok, Ok) { ShowsOwnData = true, ClinicianSeesOwner = true },
        ["GET /fhir/{type}/{id}"] = new(Unauthorized, Ok, NotFound, Ok, NotFound) { ShowsOwnData = true, ClinicianSeesOwner = true },
        ["GET /fhir/Patient/{id}/$everything"] = new(Unauthorized, Ok, NotFound, Ok, NotFound) { ShowsOwnData = true, ClinicianSeesOwner = true },
    };

    private const string Password = "correct horse battery";

    private static readonly Dictionary<Actor, string> Emails = new()
    {
        [Actor.PatientSelf] = "alice-matrix@example.com",
        [Actor.OtherPatient] = "bob-matrix@example.com",
        [Actor.Clinician] = "clinician-matrix@example.com",
        [Actor.Admin] = "admin-matrix@example.com",
    };

    /// <summary>Markers in each patient's name, diary note, triggers and medicines; never shown to anyone else.</summary>
    private static readonly Dictionary<Actor, string> Markers = new()
    {
        [Actor.PatientSelf] = "Qalicemarker",
        [Actor.OtherPatient] = "Zbobmarker",
    };

    private readonly Dictionary<Actor, WebSession> sessions = [];

    [Fact]
    public async Task Every_endpoint_the_app_exposes_has_a_row_and_every_row_an_endpoint()
    {
        var discovered = (await DiscoverAsync()).Select(e => e.Key).ToHashSet();
        discovered.Count.ShouldBeGreaterThan(20, "the endpoint list was read from the app");
        var missing = discovered.Except(Matrix.Keys).Order().ToList();
        var stale = Matrix.Keys.Except(discovered).Order().ToList();
        missing.ShouldBeEmpty($"endpoints without a row in the authorization matrix (add one): {string.Join(", ", missing)}");
        stale.ShouldBeEmpty($"rows for endpoints the app no longer has (remove them): {string.Join(", ", stale)}");
    }

    [Fact]
    public async Task Every_cell_of_the_matrix_answers_as_written_and_no_one_sees_or_changes_another_patients_data()
    {
        await SeedAsync();
        var endpoints = await DiscoverAsync();
        var cells = 0;
        var failures = new List<string>();
        foreach (var endpoint in endpoints.OrderBy(e => Matrix.TryGetValue(e.Key, out var r) && r.EndsSession).ThenBy(e => e.Key, StringComparer.Ordinal))
        {
            if (!Matrix.TryGetValue(endpoint.Key, out var row)) continue; // reported by the test above
            foreach (var actor in Enum.GetValues<Actor>())
            {
                foreach (var route in endpoint.Routes)
                {
                    cells++;
                    var problem = await CheckCellAsync(endpoint, route, row, actor);
                    if (problem is not null) failures.Add($"{endpoint.Key} via {route} as {actor}: {problem}");
                    if (row.ClinicianNotShared is { } notShared)
                    {
                        cells++;
                        var other = await CheckCellAsync(endpoint, route, row with { Clinician = notShared }, actor, Actor.OtherPatient);
                        if (other is not null) failures.Add($"{endpoint.Key} via {route} for the patient who does not share, as {actor}: {other}");
                    }
                }
            }
        }

        output.WriteLine($"{endpoints.Count} endpoint keys × {Enum.GetValues<Actor>().Length} actors; {cells} requests including route aliases");
        failures.ShouldBeEmpty(string.Join("\n", failures));
        await OwnerDataIsIntactAsync(Actor.PatientSelf);
        await OwnerDataIsIntactAsync(Actor.OtherPatient);
        await RevokedMeansNothingAsync();
    }

    /// <summary>After the owner revokes, the clinician gets nothing of theirs: no summary, no PDF, no row on the panel.</summary>
    private async Task RevokedMeansNothingAsync()
    {
        var clinician = await SessionAsync(Actor.Clinician);
        var owner = await PatientIdAsync(Actor.PatientSelf);
        (await clinician.GetAsync($"/Clinician/Patients/{owner}")).Status.ShouldBe(HttpStatusCode.OK, "shared before the revocation");
        await using (var scope = fixture.Factory.Services.CreateAsyncScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<BackCareDbContext>();
            var share = await db.CareShares.AsNoTracking().SingleAsync(s => s.PatientId == owner && s.RevokedAt == null);
            (await scope.ServiceProvider.GetRequiredService<BackCare.App.Sharing.SharingService>().RevokeAsync(owner, share.Id, default)).ShouldBeTrue();
        }

        foreach (var url in new[] { $"/Clinician/Patients/{owner}", $"/Clinician/Patients/{owner}?handler=Pdf" })
        {
            var (status, body) = await clinician.GetAsync(url);
            status.ShouldBe(HttpStatusCode.NotFound, url);
            body.ShouldNotContain(Markers[Actor.PatientSelf], Case.Insensitive);
        }

        (await clinician.GetAsync("/Clinician")).Html.ShouldNotContain(Markers[Actor.PatientSelf], Case.Insensitive);
    }

    private async Task<Guid> PatientIdAsync(Actor patient)
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        return await scope.ServiceProvider.GetRequiredService<BackCareDbContext>().Users.Where(u => u.Email == Emails[patient]).Select(u => u.Id).SingleAsync();
    }

    private async Task<string?> CheckCellAsync(Discovered endpoint, string route, Row row, Actor actor, Actor subject = Actor.PatientSelf)
    {
        var web = await SessionAsync(actor);
        var url = (await UrlAsync(route, endpoint.Handler)).Replace("{id:guid}", (await PatientIdAsync(subject)).ToString(), StringComparison.Ordinal);
        var before = await SnapshotAsync();
        HttpResponseMessage response;
        if (endpoint.Verb == "GET")
        {
            response = await web.Client.GetAsync(new Uri(url, UriKind.Relative));
        }
        else if (endpoint.Verb == "OPTIONS")
        {
            using var preflight = new HttpRequestMessage(HttpMethod.Options, new Uri(url, UriKind.Relative));
            response = await web.Client.SendAsync(preflight);
        }
        else
        {
            var (_, page) = await web.GetAsync("/Account/Login");
            var token = System.Text.RegularExpressions.Regex.Match(page, "name=\"__RequestVerificationToken\" type=\"hidden\" value=\"([^\"]+)\"").Groups[1].Value;
            var fields = row.Form.Select(f => new KeyValuePair<string, string>(f.Key, f.Value)).Append(new("__RequestVerificationToken", token));
            response = await web.Client.PostAsync(new Uri(url, UriKind.Relative), new FormUrlEncodedContent(fields));
        }

        var body = await response.Content.ReadAsStringAsync();
        if (row.EndsSession) sessions.Remove(actor);
        var expected = row.For(actor);
        var problem = Outcome(response, expected);
        foreach (var (owner, marker) in Markers)
        {
            // The owner shares with the clinician: a page naming the owner may show the clinician the owner's data.
            var shared = actor == Actor.Clinician && owner == Actor.PatientSelf && subject == Actor.PatientSelf && (row.ClinicianNotShared is not null || row.ClinicianSeesOwner);
            if (owner != actor && !shared && body.Contains(marker, StringComparison.OrdinalIgnoreCase)) problem ??= $"the response carries {owner}'s data ({marker})";
        }

        if (actor == Actor.PatientSelf && row.ShowsOwnData && expected == Ok && !body.Contains(Markers[actor], StringComparison.OrdinalIgnoreCase))
        {
            problem ??= "the patient's own data is missing from their own page";
        }

        var after = await SnapshotAsync();
        foreach (var owner in Markers.Keys.Where(o => o != actor))
        {
            if (before[owner] != after[owner]) problem ??= $"{owner}'s stored rows changed";
        }

        return problem;
    }

    private static string? Outcome(HttpResponseMessage response, Expect expected)
    {
        var location = response.Headers.Location?.OriginalString ?? "";
        var actual = response.StatusCode switch
        {
            HttpStatusCode.OK or HttpStatusCode.NoContent => Ok,
            HttpStatusCode.BadRequest => Refused,
            HttpStatusCode.Unauthorized => Unauthorized,
            HttpStatusCode.Forbidden => Forbidden,
            HttpStatusCode.NotFound => NotFound,
            HttpStatusCode.Redirect when location.Contains("/Account/Login", StringComparison.Ordinal) => Login,
            HttpStatusCode.Redirect when location.Contains("/Account/AccessDenied", StringComparison.Ordinal) => Denied,
            HttpStatusCode.Redirect when location.StartsWith('/') => Redirect,
            _ => (Expect?)null,
        };
        return actual == expected ? null : $"expected {expected}, got {(int)response.StatusCode} {location}";
    }

    /// <summary>Each endpoint as "VERB route[?handler=Name]" with every route it answers on (an Index page answers on two).</summary>
    private async Task<List<Discovered>> DiscoverAsync()
    {
        var source = fixture.Factory.Services.GetRequiredService<EndpointDataSource>();
        var loader = fixture.Factory.Services.GetRequiredService<PageLoader>();
        var found = new Dictionary<string, Discovered>();
        void Add(string verb, string? handler, string route, string canonical)
        {
            var key = $"{verb} {canonical}{(handler is null ? "" : $"?handler={handler}")}";
            if (!found.TryGetValue(key, out var endpoint)) found[key] = endpoint = new Discovered(key, verb, handler, []);
            if (!endpoint.Routes.Contains(route)) endpoint.Routes.Add(route);
        }

        foreach (var endpoint in source.Endpoints.OfType<RouteEndpoint>())
        {
            var route = "/" + endpoint.RoutePattern.RawText?.TrimStart('/');
            if (endpoint.Metadata.GetMetadata<PageActionDescriptor>() is { } page)
            {
                var compiled = page as CompiledPageActionDescriptor ?? await loader.LoadAsync(page, endpoint.Metadata);
                var canonical = "/" + (page.ViewEnginePath.EndsWith("/Index", StringComparison.Ordinal) ? page.ViewEnginePath[..^"/Index".Length] : page.ViewEnginePath).TrimStart('/');
                var template = page.AttributeRouteInfo?.Template is { } t && t.Contains('{', StringComparison.Ordinal) ? t[t.IndexOf('{', StringComparison.Ordinal)..] : null;
                if (template is not null) canonical = canonical.TrimEnd('/') + "/" + template;

                // A page always answers GET (with or without an OnGet handler); POST, etc. only through a handler.
                Add("GET", null, route, canonical);
                foreach (var handler in compiled.HandlerMethods)
                {
                    Add(handler.HttpMethod.ToUpperInvariant(), handler.Name, route, canonical);
                }
            }
            else
            {
                var verbs = endpoint.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? ["GET"];
                foreach (var verb in verbs) Add(verb, null, route, route);
            }
        }

        return [.. found.Values];
    }

    private sealed record Discovered(string Key, string Verb, string? Handler, List<string> Routes);

    private async Task<string> UrlAsync(string route, string? handler)
    {
        if (route.StartsWith("/fhir/", StringComparison.Ordinal))
        {
            route = route.Replace("{type}", "Patient", StringComparison.Ordinal).Replace("{id}", await OwnerPatientIdAsync(), StringComparison.Ordinal);
        }

        var url = route.Replace("{id}", EmbeddedEvidence.Default.Techniques[0].Id, StringComparison.Ordinal).Replace("{rule}", "opioid_benzodiazepine", StringComparison.Ordinal);
        if (url.Contains("{token}", StringComparison.Ordinal))
        {
            await using var scope = fixture.Factory.Services.CreateAsyncScope();
            var db = scope.ServiceProvider.GetRequiredService<BackCareDbContext>();
            var owner = await db.Users.AsNoTracking().SingleAsync(u => u.Email == Emails[Actor.PatientSelf]);
            url = url.Replace("{token}", owner.CalendarToken, StringComparison.Ordinal);
        }

        return handler is null ? url : $"{url}?handler={handler}";
    }

    private async Task<string> OwnerPatientIdAsync()
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BackCareDbContext>();
        return (await db.Users.AsNoTracking().SingleAsync(u => u.Email == Emails[Actor.PatientSelf])).Id.ToString("N");
    }

    // Static: the class fixture (one host and database) outlives each test's instance, and so do the staff's codes.
    private static readonly Dictionary<Actor, List<string>> recoveryCodes = [];

    private async Task<WebSession> SessionAsync(Actor actor)
    {
        if (sessions.TryGetValue(actor, out var web)) return web;
        web = fixture.Factory.Session();
        if (actor != Actor.Anonymous)
        {
            var signIn = await web.PostFormAsync("/Account/Login", ("Email", Emails[actor]), ("Password", Password));
            signIn.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"{actor} signs in");
            if (signIn.Headers.Location?.OriginalString.StartsWith("/Account/LoginWith2fa", StringComparison.Ordinal) == true)
            {
                // Staff have two-step sign-in: each new session spends one recovery code.
                var codes = recoveryCodes[actor];
                var second = await web.PostFormAsync("/Account/LoginWith2fa", ("Code", codes[0]));
                codes.RemoveAt(0);
                second.StatusCode.ShouldBe(HttpStatusCode.Redirect, $"{actor} completes the second step");
            }
            else if (actor is Actor.Clinician or Actor.Admin)
            {
                // Clinicians and admins must set up two-step sign-in before anything else (issue 13 §1).
                var (_, setup) = await web.GetAsync("/Account/TwoFactor");
                var key = Accounts.AccountSteps.AuthenticatorKey(setup);
                var enabled = await web.PostFormAsync("/Account/TwoFactor", [new("Code", Accounts.AccountSteps.Totp(key, TimeProvider.System.GetUtcNow()))], "/Account/TwoFactor?handler=Enable");
                enabled.StatusCode.ShouldBe(HttpStatusCode.OK, $"{actor} sets up two-step sign-in");
                recoveryCodes[actor] = [.. System.Text.RegularExpressions.Regex.Matches(await enabled.Content.ReadAsStringAsync(), "<li><code>([^<]+)</code></li>").Select(m => m.Groups[1].Value)];
            }
        }

        return sessions[actor] = web;
    }

    /// <summary>Two patients with a completed assessment and a diary carrying their marker; a clinician and an admin.</summary>
    private async Task SeedAsync()
    {
        await using (var existing = fixture.Factory.Services.CreateAsyncScope())
        {
            if (await existing.ServiceProvider.GetRequiredService<BackCareDbContext>().Users.AnyAsync(u => u.Email == Emails[Actor.PatientSelf])) return;
        }

        foreach (var patient in Markers.Keys)
        {
            var web = fixture.Factory.Session();
            var marker = Markers[patient];
            await web.RegisterAsync(Emails[patient], $"Patient {marker}", Password);
            await PostAsync(web, "redflags", [("age", "44"), ("durationWeeks", "3")]);
            await PostAsync(web, "startback", Instrument("startback", "0", "0", "0", "0", "0", "0", "0", "0", "1"));
            await PainAsync(web);
            await AnxietyMoodAndSleepAsync(web);
            await PostAsync(web, "medicines", [("medicines", $"{marker}med")]);
            await PreferencesAsync(web);
            var saved = await web.PostFormAsync("/Diary", ("Pain", "6"), ("Triggers", $"{marker} lifting"), ("Note", $"private {marker} note"));
            saved.StatusCode.ShouldBe(HttpStatusCode.Redirect);
        }

        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var accounts = scope.ServiceProvider.GetRequiredService<AccountService>();
        var clinician = await accounts.RegisterAsync(Emails[Actor.Clinician], "Dr Matrix", Password, Roles.Clinician, default);
        clinician.Succeeded.ShouldBeTrue();

        // The owner shares their record with the clinician (issue 16); the other patient does not.
        var sharing = scope.ServiceProvider.GetRequiredService<BackCare.App.Sharing.SharingService>();
        var code = await sharing.CreateCodeAsync(await PatientIdAsync(Actor.PatientSelf), allowImport: true, default);
        (await sharing.RedeemAsync(clinician.Value!.Id, code.Code, default)).Succeeded.ShouldBeTrue();
        (await accounts.RegisterAsync(Emails[Actor.Admin], "Admin Matrix", Password, Roles.Admin, default)).Succeeded.ShouldBeTrue();
    }

    /// <summary>Every stored row belonging to each seeded patient, as one comparable string per patient.</summary>
    private async Task<Dictionary<Actor, string>> SnapshotAsync()
    {
        await using var scope = fixture.Factory.Services.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BackCareDbContext>();
        var snapshot = new Dictionary<Actor, string>();
        foreach (var patient in Markers.Keys)
        {
            var user = await db.Users.AsNoTracking().SingleAsync(u => u.Email == Emails[patient]);
            var diary = await db.DiaryEntries.AsNoTracking().Where(e => e.UserId == user.Id).OrderBy(e => e.Date).ToListAsync();
            var assessments = await db.Assessments.AsNoTracking().Where(a => a.UserId == user.Id).OrderBy(a => a.StartedAt).ToListAsync();
            snapshot[patient] = string.Join("|",
                [
                    $"{user.DisplayName};{user.PasswordHash};{user.ReminderTime};{user.CalendarToken};{user.LockoutEnd};{user.SecurityStamp}",
                    .. diary.Select(e => $"{e.Id};{e.Date};{e.Pain};{e.Note};{e.Techniques};{e.UpdatedAt:O}"),
                    .. assessments.Select(a => $"{a.Id};{a.Step};{a.CompletedAt:O};{a.InputJson}"),
                ]);
        }

        return snapshot;
    }

    private async Task OwnerDataIsIntactAsync(Actor patient)
    {
        var web = await SessionAsync(patient);
        var (_, diary) = await web.GetAsync("/Diary");
        diary.ShouldContain($"private {Markers[patient]} note");
    }

    /// <summary>
    /// Issue 17, "no leak through search": another patient, a clinician and an admin try every FHIR resource type with
    /// every supported search parameter, using values taken from the owner's own record (the owner's patient id for
    /// patient/subject, the owner's codes, dates, ids), and read each of the owner's resources by id. A search naming the
    /// owner is 403, a read is 404, any other search answers only with the caller's own record: nothing of the owner's
    /// (id, name marker, resource ids) may appear. Written so it still holds once sharing is wired in, since the owner
    /// shares with no one here.
    /// </summary>
    [Fact]
    public async Task Fhir_search_and_read_never_reach_another_patients_record()
    {
        // The target is the patient who shares with nobody: the other patient, the clinician and the admin must all miss.
        await SeedAsync();
        const Actor target = Actor.OtherPatient;
        var owner = await SessionAsync(target);
        var ownerId = (await PatientIdAsync(target)).ToString("N");
        var everything = (Hl7.Fhir.Model.Bundle)BackCare.Interop.Fhir.FhirJson.Parse(
            await owner.Client.GetStringAsync(new Uri($"/fhir/Patient/{ownerId}/$everything", UriKind.Relative))).Resource!;
        var resources = everything.Entry.Select(e => e.Resource!).ToList();
        var ownerResourceIds = resources.Select(r => r.Id!).ToHashSet(StringComparer.Ordinal);
        var failures = new List<string>();
        var requests = 0;
        foreach (var actor in new[] { Actor.PatientSelf, Actor.Clinician, Actor.Admin })
        {
            var web = await SessionAsync(actor);
            async Task CheckAsync(string url, HttpStatusCode expected)
            {
                requests++;
                var response = await web.Client.GetAsync(new Uri(url, UriKind.Relative));
                var body = await response.Content.ReadAsStringAsync();
                if (response.StatusCode != expected) failures.Add($"{actor} {url}: expected {(int)expected}, got {(int)response.StatusCode}");
                var parsed = BackCare.Interop.Fhir.FhirJson.Parse(body).Resource;
                if (parsed is Hl7.Fhir.Model.Bundle bundle)
                {
                    bundle.Link.Clear(); // the self link echoes the query the caller sent
                    if (bundle.Entry.Any(e => ownerResourceIds.Contains(e.Resource?.Id ?? ""))) failures.Add($"{actor} {url}: returned the owner's resources");
                    body = BackCare.Interop.Fhir.FhirJson.Serialize(bundle);
                }
                else if (parsed is not Hl7.Fhir.Model.OperationOutcome)
                {
                    failures.Add($"{actor} {url}: not a Bundle or OperationOutcome");
                }

                if (body.Contains(ownerId, StringComparison.Ordinal) || body.Contains(Markers[target], StringComparison.OrdinalIgnoreCase))
                {
                    failures.Add($"{actor} {url}: the response carries the owner's data");
                }
            }

            foreach (var type in BackCare.Interop.Fhir.Search.SearchParameters.Types)
            {
                var ofType = resources.Where(r => r.TypeName == type.Name).ToList();
                ofType.ShouldNotBeEmpty($"the owner's record has {type.Name} resources to aim at");
                foreach (var resource in ofType) await CheckAsync($"/fhir/{type.Name}/{resource.Id}", HttpStatusCode.NotFound);
                foreach (var parameter in type.Parameters)
                {
                    var values = FhirValuesFrom(parameter, ofType, ownerId).ToList();
                    values.ShouldNotBeEmpty($"{type.Name}?{parameter.Name} has a value from the owner's record");
                    foreach (var value in values)
                    {
                        var expected = parameter.PatientId is not null ? HttpStatusCode.Forbidden : HttpStatusCode.OK;
                        await CheckAsync($"/fhir/{type.Name}?{parameter.Name}={Uri.EscapeDataString(value)}", expected);
                        await CheckAsync($"/fhir/{type.Name}?{parameter.Name}={Uri.EscapeDataString(value)}&_count=200&_offset=0", expected);
                    }
                }
            }

            await CheckAsync($"/fhir/Patient/{ownerId}/$everything", HttpStatusCode.NotFound);
            await CheckAsync($"/fhir/Observation?patient={ownerId},Patient/{ownerId}", HttpStatusCode.Forbidden);
        }

        output.WriteLine($"{requests} FHIR requests aimed at the owner's record");
        failures.ShouldBeEmpty(string.Join("\n", failures));
    }

    /// <summary>Search values for a parameter, read from the owner's resources (so a leak would have something to match).</summary>
    private static IEnumerable<string> FhirValuesFrom(BackCare.Interop.Fhir.Search.SupportedParameter parameter, List<Hl7.Fhir.Model.Resource> resources, string ownerId)
    {
        if (parameter.PatientId is not null) return [ownerId, $"Patient/{ownerId}", $"http://localhost/fhir/Patient/{ownerId}"];
        if (parameter.Tokens is not null)
        {
            // The seeded medicine is free text (no code): aim at diazepam's RxNorm code as well.
            return resources.SelectMany(parameter.Tokens).SelectMany(c => new[] { $"{c.System}|{c.Code}", c.Code ?? "" })
                .Append("http://www.nlm.nih.gov/research/umls/rxnorm|3322").Where(v => v.Length > 0).Distinct().Take(12);
        }

        if (parameter.Strings is not null) return resources.SelectMany(parameter.Strings).Where(v => v.Length > 0).Distinct().Take(12);
        if (parameter.Name == "_lastUpdated")
        {
            return resources.Select(r => r.Meta?.LastUpdated).OfType<DateTimeOffset>().Distinct().Take(6)
                .SelectMany(d => new[] { d.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), "ge" + d.ToString("yyyy-MM-dd'T'HH:mm:ssK", CultureInfo.InvariantCulture) });
        }

        var dates = resources.Select(r => r switch
        {
            Hl7.Fhir.Model.Observation o => (o.Effective as Hl7.Fhir.Model.FhirDateTime)?.Value,
            Hl7.Fhir.Model.QuestionnaireResponse q => q.Authored,
            _ => null,
        }).OfType<string>().Distinct().Take(6).ToList();
        return dates.SelectMany(d => new[] { d, "ge" + d, "le" + d, "ne" + d });
    }
}
