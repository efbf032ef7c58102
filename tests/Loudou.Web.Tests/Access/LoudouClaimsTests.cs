using Loudou.Core.Workspace;
using Loudou.Web.Access;
using Microsoft.AspNetCore.Identity;

namespace Loudou.Web.Tests.Access;

public class LoudouClaimsTests
{
    [Fact]
    public void A_language_choice_refreshes_the_claims_but_does_not_change_who_is_asking()
    {
        var user = User.Create("ann", "Ann", UserRole.Rep, null);
        var principal = LoudouClaims.PrincipalFor(user, IdentityConstants.ApplicationScheme);

        user.ChooseLanguage("en");

        Assert.True(LoudouClaims.IsStale(principal, user));
        Assert.False(LoudouClaims.WhoChanged(principal, user));
    }

    [Fact]
    public void A_new_role_or_name_changes_who_is_asking()
    {
        var user = User.Create("ann", "Ann", UserRole.Rep, null);
        var principal = LoudouClaims.PrincipalFor(user, IdentityConstants.ApplicationScheme);
        var renamed = User.Create("ann", "Ann", UserRole.Rep, null);
        renamed.Rename("Ann Li");

        user.ChangeRole(UserRole.Manager);

        Assert.True(LoudouClaims.WhoChanged(principal, user));
        Assert.True(LoudouClaims.WhoChanged(principal, renamed));
    }
}
