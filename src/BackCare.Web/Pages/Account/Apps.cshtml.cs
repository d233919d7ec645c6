using BackCare.App.Auditing;
using BackCare.App.Data;
using BackCare.Web.Infrastructure;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;
using OpenIddict.Abstractions;

namespace BackCare.Web.Pages.Account;

/// <summary>The apps the person allowed (SMART authorizations), each removable: its authorization and every token it holds are revoked at once.</summary>
public sealed class AppsModel(IOpenIddictAuthorizationManager authorizations, IOpenIddictApplicationManager applications, IOpenIddictTokenManager tokens,
    BackCareDbContext db, AuditLog audit) : PageModel
{
    public sealed record ConnectedApp(string AuthorizationId, string Name, DateTimeOffset? Allowed, IReadOnlyList<string> Scopes);

    public List<ConnectedApp> Apps { get; } = [];

    public async Task OnGetAsync(CancellationToken ct)
    {
        await foreach (var authorization in authorizations.FindBySubjectAsync(User.UserId().ToString("N"), ct))
        {
            if (await authorizations.GetStatusAsync(authorization, ct) != OpenIddictConstants.Statuses.Valid) continue;
            var applicationId = await authorizations.GetApplicationIdAsync(authorization, ct);
            var application = applicationId is null ? null : await applications.FindByIdAsync(applicationId, ct);
            var name = application is null ? "?" : await applications.GetDisplayNameAsync(application, ct) ?? await applications.GetClientIdAsync(application, ct) ?? "?";
            Apps.Add(new ConnectedApp((await authorizations.GetIdAsync(authorization, ct))!, name, await authorizations.GetCreationDateAsync(authorization, ct), [.. await authorizations.GetScopesAsync(authorization, ct)]));
        }
    }

    public async Task<IActionResult> OnPostRevokeAsync(string id, CancellationToken ct)
    {
        var authorization = await authorizations.FindByIdAsync(id, ct);
        if (authorization is null || await authorizations.GetSubjectAsync(authorization, ct) != User.UserId().ToString("N")) return NotFound();
        await authorizations.TryRevokeAsync(authorization, ct);
        await tokens.RevokeByAuthorizationIdAsync(id, ct);
        audit.Record(AuditLog.UserActor(User.UserId()), "revoke", "smart_app", id);
        await db.SaveChangesAsync(ct);
        return RedirectToPage();
    }
}
