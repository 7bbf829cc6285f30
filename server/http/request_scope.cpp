#include "server/http/request_scope.h"

namespace stampline::server {

RequestScope& current_request() {
    thread_local RequestScope scope;
    return scope;
}

}  // namespace stampline::server
