using Loudou.Core.Workspace;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Identity;
using Microsoft.Extensions.Options;

namespace Loudou.Web.Access;

/// <summary>Identity's sign-in manager, refusing disabled users.</summary>
public sealed class LoudouSignInManager(
    UserManager<User> userManager,
    IHttpContextAccessor contextAccessor,
    IUserClaimsPrincipalFactory<User> claimsFactory,
    IOptions<IdentityOptions> optionsAccessor,
    ILogger<SignInManager<User>> logger,
    IAuthenticationSchemeProvider schemes,
    IUserConfirmation<User> confirmation)
    : SignInManager<User>(userManager, contextAccessor, claimsFactory, optionsAccessor, logger, schemes, confirmation)
{
    public override async Task<bool> CanSignInAsync(User user) => user.IsActive && await base.CanSignInAsync(user);
}

/// <summary>Builds a signed-in user's principal with <see cref="LoudouClaims"/>.</summary>
public sealed class LoudouClaimsFactory : IUserClaimsPrincipalFactory<User>
{
    public Task<System.Security.Claims.ClaimsPrincipal> CreateAsync(User user) =>
        Task.FromResult(LoudouClaims.PrincipalFor(user, IdentityConstants.ApplicationScheme));
}
