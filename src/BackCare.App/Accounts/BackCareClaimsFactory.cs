using System.Security.Claims;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace BackCare.App.Accounts;

/// <summary>The cookie's claims: id, display name, role and Identity's security stamp (checked on every request).</summary>
public sealed class BackCareClaimsFactory(UserManager<UserAccount> users, IOptions<IdentityOptions> options)
    : UserClaimsPrincipalFactory<UserAccount>(users, options)
{
    protected override async Task<ClaimsIdentity> GenerateClaimsAsync(UserAccount user)
    {
        var identity = await base.GenerateClaimsAsync(user);
        foreach (var name in identity.FindAll(Options.ClaimsIdentity.UserNameClaimType).ToList()) identity.RemoveClaim(name);
        identity.AddClaim(new Claim(Options.ClaimsIdentity.UserNameClaimType, user.DisplayName));
        identity.AddClaim(new Claim(Options.ClaimsIdentity.RoleClaimType, user.Role));
        return identity;
    }
}
