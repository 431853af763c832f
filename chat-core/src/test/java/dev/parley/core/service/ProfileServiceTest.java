package dev.parley.core.service;

import static dev.parley.core.service.ChatErrors.expectError;
import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ErrorCode;
import dev.parley.core.model.Profile;
import dev.parley.core.model.ProfileUpdate;
import dev.parley.core.model.User;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Profiles through {@link ProfileService}. */
class ProfileServiceTest {
  private final ServiceFixture f = new ServiceFixture();
  private final User user = f.user("Profiled");

  @Test
  void getReturnsThePublicProfile() {
    Profile profile = f.profiles.get(user.id());

    assertThat(profile).isEqualTo(new Profile(user.id(), user.name(), "", "", ""));
  }

  @Test
  void unknownUserIsNotFound() {
    expectError(ErrorCode.NOT_FOUND, () -> f.profiles.get(user.id() + 1000));
    expectError(ErrorCode.NOT_FOUND, () -> f.profiles.update(user.id() + 1000, nickname("ghost")));
  }

  @Test
  void updateChangesOnlyThePresentFields() {
    Profile first = f.profiles.update(user.id(),
        new ProfileUpdate(Optional.of("Ally"), Optional.of("https://img.example.com/a.png"), Optional.of("hello")));
    assertThat(first).isEqualTo(new Profile(user.id(), user.name(), "Ally", "https://img.example.com/a.png", "hello"));

    Profile second = f.profiles.update(user.id(), nickname("Al"));

    assertThat(second).isEqualTo(new Profile(user.id(), user.name(), "Al", "https://img.example.com/a.png", "hello"));
    assertThat(f.profiles.get(user.id())).isEqualTo(second);
  }

  @Test
  void invalidUpdatesAreBadRequestsAndChangeNothing() {
    expectError(ErrorCode.BAD_REQUEST, () -> f.profiles.update(user.id(), nickname("n".repeat(65))));
    expectError(ErrorCode.BAD_REQUEST, () -> f.profiles.update(user.id(),
        new ProfileUpdate(Optional.empty(), Optional.of("javascript:alert(1)"), Optional.empty())));
    expectError(ErrorCode.BAD_REQUEST, () -> f.profiles.update(user.id(),
        new ProfileUpdate(Optional.empty(), Optional.empty(), Optional.of("b".repeat(501)))));
    expectError(ErrorCode.BAD_REQUEST, () -> f.profiles.update(user.id(), null));

    assertThat(f.profiles.get(user.id())).isEqualTo(user.profile());
  }

  private static ProfileUpdate nickname(String nickname) {
    return new ProfileUpdate(Optional.of(nickname), Optional.empty(), Optional.empty());
  }
}
