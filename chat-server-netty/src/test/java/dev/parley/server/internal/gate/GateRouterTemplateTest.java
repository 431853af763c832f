package dev.parley.server.internal.gate;

import static org.assertj.core.api.Assertions.assertThat;

import dev.parley.core.ErrorCode;
import io.netty.handler.codec.http.HttpMethod;
import io.netty.handler.codec.http.HttpResponseStatus;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Path templates of the gate's router: one segment per parameter, decoded; exact paths first; 404 and 405 as before. */
class GateRouterTemplateTest {
  private static GateRoute route(HttpMethod method, String path, String name) {
    return GateRoute.inline(method, path, name, r -> () -> GateResponse.empty(HttpResponseStatus.NO_CONTENT));
  }

  private final GateRouter router = new GateRouter(List.of(
      route(HttpMethod.POST, "/users", "create"),
      route(HttpMethod.GET, "/users/{user}", "get"),
      route(HttpMethod.PATCH, "/users/{user}", "update"),
      route(HttpMethod.GET, "/users/me", "me"),
      route(HttpMethod.PUT, "/friendships/{a}/{b}", "befriend")));

  @Test
  void aTemplateCapturesOneDecodedSegmentPerParameter() {
    GateRouter.Match m = router.match(HttpMethod.GET, "/users/ext:a/b", "/users/ext:a%2Fb");
    assertThat(m.route().name()).isEqualTo("get");
    assertThat(m.params()).isEqualTo(Map.of("user", "ext:a/b"));
    GateRouter.Match two = router.match(HttpMethod.PUT, "/friendships/1/ext:x", "/friendships/1/ext:x");
    assertThat(two.params()).isEqualTo(Map.of("a", "1", "b", "ext:x"));
  }

  @Test
  void exactPathsWinAndMethodsAreChecked() {
    assertThat(router.match(HttpMethod.GET, "/users/me", "/users/me").route().name()).isEqualTo("me");
    GateRouter.Match wrong = router.match(HttpMethod.DELETE, "/users/7", "/users/7");
    assertThat(wrong.error().code()).isEqualTo(ErrorCode.METHOD_NOT_ALLOWED);
    assertThat(wrong.allow()).isEqualTo("GET, PATCH");
  }

  @Test
  void emptyExtraOrMissingSegmentsMatchNothing() {
    for (String path : List.of("/users/", "/users/7/more", "/friendships/1", "/friendships//2", "/other/7")) {
      assertThat(router.match(HttpMethod.GET, path, path).error().code()).as(path).isEqualTo(ErrorCode.NOT_FOUND);
    }
    assertThat(router.match(HttpMethod.GET, "/users/%zz", "/users/%zz").error().code()).isEqualTo(ErrorCode.NOT_FOUND);
    assertThat(router.nameOf("/users/7")).isEqualTo("get");
    assertThat(router.nameOf("/users/7/x")).isEqualTo(GateRouter.UNMATCHED);
  }
}
