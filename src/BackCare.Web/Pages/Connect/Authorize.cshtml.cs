using System.Security.Claims;
using BackCare.App.Accounts;
using BackCare.App.Auditing;
using BackCare.App.Data;
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
/// code. A patient's launch context is their own record; a clinician may use user/*.rs (the patients who share with them)
/// but cannot yet pick a patient for launch/patient.
/// </summary>
public sealed class AuthorizeModel(IOpenIddictApplicationManager applications, IOpenIddictAuthorizationManager authorizations,
    BackCareDbContext db, AuditLog audit, IOptions<HostingOptions> hosting) : PageModel
{
    public string AppName { get; private set; } = "";

    public IReadOnlyList<string> Scopes { get; private set; } = [];

    public IReadOnlyList<KeyValuePair<string, string>> Parameters { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken ct)
    {
        var (request, refusal) = await CheckAsync(ct);
        if (refusal is not null) return refusal;
        Parameters = [.. Request.Query.Where(q => q.Key != "__RequestVerificationToken").SelectMany(q => q.Value.Select(v => new KeyValuePair<string, string>(q.Key, v ?? "")))];
        Scopes = [.. request!.GetScopes()];
        return Page();
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
        var identity = new ClaimsIdentity(OpenIddictServerAspNetCoreDefaults.AuthenticationScheme, Claims.Name, Claims.Role);
        identity.SetClaim(Claims.Subject, userId.ToString("N")).SetClaim(Claims.Name, user.DisplayName).SetClaim(Claims.Role, user.Role);
        if (user.Role == Roles.Patient)
        {
            identity.SetClaim(SmartScopes.FhirUser, $"{hosting.Value.BaseUrl}/fhir/Patient/{userId:N}");
            if (scopes.Contains(SmartScopes.LaunchPatient) || scopes.Contains(SmartScopes.PatientRead)) identity.SetClaim(SmartScopes.PatientClaim, userId.ToString("N"));
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
        audit.Record(AuditLog.UserActor(userId), "allow", "smart_app", request.ClientId);
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
        if (!User.IsInRole(Roles.Patient) && (scopes.Contains(SmartScopes.LaunchPatient) || scopes.Contains(SmartScopes.PatientRead)))
        {
            return (null, Refuse(Errors.AccessDenied, "only a patient can grant patient/*.rs or launch/patient; clinicians use user/*.rs"));
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
