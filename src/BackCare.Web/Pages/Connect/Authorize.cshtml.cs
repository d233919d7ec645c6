using System.Security.Claims;
using BackCare.App.Accounts;
using BackCare.App.Auditing;
using BackCare.App.Data;
using BackCare.App.Sharing;
using BackCare.App.Smart;
using BackCare.Web.Infrastructure;
using Microsoft.AspNetCore;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using Microsoft.Extensions.Options;
using OpenIddict.Abstractions;
using OpenIddict.Server.AspNetCore;
using static OpenIddict.Abstractions.OpenIddictConstants;

namespace BackCare.Web.Pages.Connect;

/// <summary>
/// The SMART authorization endpoint (OpenIddict passthrough): the person signs in, sees which app asks for what in plain
/// words, and allows or refuses. Allowing stores a permanent authorization (revocable from Account/Apps) and issues the
/// code. A patient's launch context is their own record. A clinician may use user/*.rs (the patients who share with
/// them now) and, with launch/patient, picks one of those patients on this page: the token then names that patient, and
/// patient/*.rs reaches that record only, while the patient still shares (SharedRecordScope checks every request).
/// </summary>
public sealed class AuthorizeModel(IOpenIddictApplicationManager applications, IOpenIddictAuthorizationManager authorizations,
    BackCareDbContext db, AuditLog audit, PatientAccess access, IOptions<HostingOptions> hosting) : PageModel
{
    /// <summary>The form field naming the patient a clinician chose for launch/patient.</summary>
    public const string LaunchPatientField = "launch_patient";

    /// <summary>For a clinician asking for launch/patient: the patients who share with them, by name.</summary>
    public IReadOnlyList<(Guid Id, string Name)> SharedPatients { get; private set; } = [];

    public bool PicksPatient { get; private set; }

    public bool IsClinician => User.IsInRole(Roles.Clinician);

    public string? Problem { get; private set; }

    public string AppName { get; private set; } = "";

    public IReadOnlyList<string> Scopes { get; private set; } = [];

    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var (request, refusal) = await CheckAsync(ct);
        if (refusal is not null) return refusal;
        await ShowAsync(request!, Request.Query, ct);
        return Page();
    }

    private async Task ShowAsync(OpenIddictRequest request, IEnumerable<KeyValuePair<string, Microsoft.Extensions.Primitives.StringValues>> fields, CancellationToken ct)
    {
        Parameters = [.. fields.Where(q => q.Key is not ("__RequestVerificationToken" or "decision" or LaunchPatientField)).SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? "")))];
        Scopes = [.. request.GetScopes()];
        PicksPatient = IsClinician && Scopes.Contains(SmartScopes.LaunchPatient);
        if (PicksPatient) SharedPatients = await access.SharedPatientsAsync(User.UserId(), ct);
    }

    public async Task<IActionResult> OnPostAsync(string? decision, CancellationToken ct)
    {
        var (request, refusal) = await CheckAsync(ct);
        if (refusal is not null) return refusal;
        if (decision != "allow") return Refuse(Errors.AccessDenied, "the person did not allow access");

        var userId = User.UserId();
        var user = await db.Users.FindAsync([userId], ct);
        if (user is null) return Refuse(Errors.AccessDenied, "the account no longer exists");
        var application = await applications.FindByClientIdAsync(request!.ClientId!, ct);
        var scopes = request.GetScopes();
        Guid? chosen = null;
        if (user.Role == Roles.Clinician && scopes.Contains(SmartScopes.LaunchPatient))
        {
            // The clinician's choice is checked against sharing now; a patient who does not share is never put in a token.
            if (!Guid.TryParse(Request.Form[LaunchPatientField], out var picked) || !await access.CanClinicianReadAsync(userId, picked, ct))
            {
                await ShowAsync(request, Request.Form, ct);
                Problem = "ConsentPickPatientMissing";
                Response.StatusCode = StatusCodes.Status400BadRequest;
                return Page();
            }

            chosen = picked;
        }

        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, userId.ToString("N")).SetClaim(Claims.Name, user.DisplayName).SetClaim(Claims.Role, user.Role);
        if (user.Role == Roles.Patient)
        {
            identity.SetClaim(SmartScopes.FhirUser, $"{hosting.Value.BaseUrl}/fhir/Patient/{userId:N}");
            if (scopes.Contains(SmartScopes.LaunchPatient) || scopes.Contains(SmartScopes.PatientRead)) identity.SetClaim(SmartScopes.PatientClaim, userId.ToString("N"));
        }
        else if (chosen is { } patient)
        {
            identity.SetClaim(SmartScopes.PatientClaim, patient.ToString("N"));
        }

        identity.SetScopes(scopes);
        var authorization = await authorizations.CreateAsync(new ClaimsPrincipal(identity), userId.ToString("N"), (await applications.GetIdAsync(application!, ct))!,
            AuthorizationTypes.Permanent, scopes, ct);
        identity.SetAuthorizationId(await authorizations.GetIdAsync(authorization, ct));
        identity.SetDestinations(claim => claim.Type switch
        {
            Claims.Name or Claims.Subject => [Destinations.AccessToken, Destinations.IdentityToken],
            "fhirUser" => [Destinations.IdentityToken],
            _ => [Destinations.AccessToken],
        });
        audit.Record(AuditLog.UserActor(userId), "allow", "smart_app", chosen is { } launched ? $"{request.ClientId} patient:{launched:N}" : request.ClientId);
        await db.SaveChangesAsync(ct);
        return SignIn(new ClaimsPrincipal(identity), OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
    }

    /// <summary>The request as OpenIddict validated it, or the answer to give instead (sign in first; a refusal to the app).</summary>
    private async Task<(OpenIddictRequest? Request, IActionResult? Refusal)> CheckAsync(CancellationToken ct)
    {
        var request = HttpContext.GetOpenIddictServerRequest();
        if (request is null) return (null, BadRequest());
        if (User.Identity?.IsAuthenticated != true)
        {
            var back = Request.PathBase + Request.Path + QueryString.Create(Request.HasFormContentType
                ? Request.Form.Where(f => f.Key is not ("__RequestVerificationToken" or "decision")).Select(f => KeyValuePair.Create(f.Key, (string?)f.Value.ToString()))
                : Request.Query.Select(q => KeyValuePair.Create(q.Key, (string?)q.Value.ToString())));
            return (null, Challenge(new AuthenticationProperties { RedirectUri = back }, IdentityConstants.ApplicationScheme));
        }

        var fhirBase = hosting.Value.BaseUrl + "/fhir";
        if (request["aud"]?.ToString() is { } aud && aud.TrimEnd('/') != fhirBase)
        {
            return (null, Refuse(Errors.InvalidRequest, $"aud must be this server's FHIR base, {fhirBase}"));
        }

        var scopes = request.GetScopes();
        if (User.IsInRole(Roles.Clinician))
        {
            if (scopes.Contains(SmartScopes.PatientRead) && !scopes.Contains(SmartScopes.LaunchPatient))
            {
                return (null, Refuse(Errors.InvalidScope, "patient/*.rs for a clinician needs launch/patient (the clinician picks a patient who shares with them)"));
            }
        }
        else if (!User.IsInRole(Roles.Patient) && (scopes.Contains(SmartScopes.LaunchPatient) || scopes.Contains(SmartScopes.PatientRead) || scopes.Contains(SmartScopes.UserRead)))
        {
            return (null, Refuse(Errors.AccessDenied, "this account reads no patient records"));
        }

        var application = await applications.FindByClientIdAsync(request.ClientId ?? "", ct);
        AppName = application is null ? request.ClientId ?? "" : await applications.GetLocalizedDisplayNameAsync(application, ct) ?? request.ClientId ?? "";
        return (request, null);
    }

    private ForbidResult Refuse(string error, string description) => Forbid(new AuthenticationProperties(new Dictionary<string, string?>
    {
        [OpenIddictServerAspNetCoreConstants.Properties.Error] = error,
        [OpenIddictServerAspNetCoreConstants.Properties.ErrorDescription] = description,
    }), OpenIddictServerAspNetCoreDefaults.AuthenticationScheme);
}
