#!/usr/bin/env python3
"""A stand-in model server for the bridge's tests: speaks Ollama's /api/chat (NDJSON) and the
OpenAI-compatible /v1/chat/completions (server-sent events) exactly as documented, and plays a
scripted conversation: each POST gets the next reply of the script.

Usage: scripted_model_server.py SCRIPT.json REQUESTS.jsonl
Prints the port it listens on (127.0.0.1) as its first line, then serves until killed.

A reply in the script:
  {"text": ["pieces", "of text"], "tool_calls": [{"name": ..., "arguments": <object or string>}],
   "status": 404, "body": {...}, "stream_error": "message", "finish_reason": "stop"}

Every request is checked against the documented request shape (model, stream, tools, the
messages and how tool answers refer to their calls); a request that breaks it gets HTTP 400 with
the reason, so a test sees the bridge's mistake. Every request is appended to REQUESTS.jsonl
(path, Authorization header, body).
"""
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
import signal

# A parent that blocks SIGTERM passes the block on; take it off so terminate() works.
signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGTERM, signal.SIGINT})

SCRIPT = json.load(open(sys.argv[1]))
REQUESTS_PATH = sys.argv[2]
LOCK = threading.Lock()
NEXT = [0]


def check_common(body):
    if not isinstance(body.get("model"), str) or not body["model"]:
        return "model missing"
    if body.get("stream") is not True:
        return "stream must be true"
    tools = body.get("tools")
    if not isinstance(tools, list) or not tools:
        return "tools missing"
    for tool in tools:
        function = tool.get("function", {})
        if tool.get("type") != "function" or not function.get("name") or \
                not isinstance(function.get("parameters"), dict) or not function.get("description"):
            return "malformed tool declaration: %r" % tool
    messages = body.get("messages")
    if not isinstance(messages, list) or not messages:
        return "messages missing"
    return None


def check_ollama(body):
    for message in body["messages"]:
        role = message.get("role")
        if role not in ("system", "user", "assistant", "tool"):
            return "unknown role %r" % role
        if not isinstance(message.get("content"), str):
            return "content must be a string in Ollama messages: %r" % message
        if role == "tool" and not message.get("tool_name"):
            return "tool message without tool_name"
        for call in message.get("tool_calls", []) or []:
            if not isinstance(call.get("function", {}).get("arguments"), dict):
                return "Ollama tool_calls arguments must be an object: %r" % call
    return None


def check_openai(body):
    unanswered = set()
    for message in body["messages"]:
        role = message.get("role")
        if role not in ("system", "user", "assistant", "tool"):
            return "unknown role %r" % role
        if role != "tool" and unanswered:
            return "tool calls %s not answered before the next %s message" % (sorted(unanswered), role)
        if role == "assistant":
            for call in message.get("tool_calls", []) or []:
                if call.get("type") != "function" or not call.get("id"):
                    return "assistant tool_call without id/type: %r" % call
                if not isinstance(call.get("function", {}).get("arguments"), str):
                    return "OpenAI tool_call arguments must be a string: %r" % call
                unanswered.add(call["id"])
        if role == "tool":
            if message.get("tool_call_id") not in unanswered:
                return "tool message answers no open call: %r" % message.get("tool_call_id")
            unanswered.discard(message["tool_call_id"])
            if not isinstance(message.get("content"), str):
                return "tool content must be a string"
    if unanswered:
        return "tool calls %s not answered" % sorted(unanswered)
    return None


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, *args):
        pass

    def do_POST(self):
        length = int(self.headers.get("Content-Length", "0"))
        raw = self.rfile.read(length)
        try:
            body = json.loads(raw)
        except ValueError:
            return self.plain(400, {"error": "request body is not JSON"})
        with LOCK:
            with open(REQUESTS_PATH, "a") as log:
                log.write(json.dumps({"path": self.path, "authorization": self.headers.get("Authorization"),
                                      "body": body}) + "\n")
            index = NEXT[0]
            NEXT[0] += 1
        if self.path == "/api/chat":
            api = "ollama"
        elif self.path == "/v1/chat/completions":
            api = "openai"
        else:
            return self.plain(404, {"error": "no such endpoint %s" % self.path})
        problem = check_common(body) or (check_ollama(body) if api == "ollama" else check_openai(body))
        if problem:
            return self.plain(400, {"error": "bad request: " + problem})
        if index >= len(SCRIPT):
            return self.plain(500, {"error": "script exhausted after %d replies" % len(SCRIPT)})
        reply = SCRIPT[index]
        if "status" in reply:
            return self.plain(reply["status"], reply.get("body", {}))
        if api == "ollama":
            self.stream_ollama(body["model"], reply)
        else:
            self.stream_openai(body["model"], reply)

    def plain(self, status, payload):
        data = json.dumps(payload).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def start_chunked(self, content_type):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Transfer-Encoding", "chunked")
        self.end_headers()

    def chunk(self, data):
        self.wfile.write(b"%x\r\n%s\r\n" % (len(data), data))
        self.wfile.flush()

    def end_chunked(self):
        self.wfile.write(b"0\r\n\r\n")
        self.wfile.flush()

    def stream_ollama(self, model, reply):
        self.start_chunked("application/x-ndjson")

        def line(message, done=False, **extra):
            obj = {"model": model, "created_at": "2026-01-01T00:00:00Z", "message": message, "done": done}
            obj.update(extra)
            return json.dumps(obj).encode() + b"\n"

        for piece in reply.get("text", []):
            self.chunk(line({"role": "assistant", "content": piece}))
        if reply.get("stream_error"):
            self.chunk(json.dumps({"error": reply["stream_error"]}).encode() + b"\n")
            return self.end_chunked()
        calls = reply.get("tool_calls", [])
        if calls:
            data = line({"role": "assistant", "content": "",
                         "tool_calls": [{"function": {"name": c["name"], "arguments": c.get("arguments", {})}}
                                        for c in calls]})
            # One JSON line across two network writes: the client must join them.
            self.chunk(data[: len(data) // 2])
            self.chunk(data[len(data) // 2:])
        self.chunk(line({"role": "assistant", "content": ""}, done=True,
                        done_reason=reply.get("finish_reason", "stop"), total_duration=1000))
        self.end_chunked()

    def stream_openai(self, model, reply):
        self.start_chunked("text/event-stream")

        def event(delta, finish=None):
            obj = {"id": "chatcmpl-1", "object": "chat.completion.chunk", "created": 0, "model": model,
                   "choices": [{"index": 0, "delta": delta, "finish_reason": finish}]}
            return b"data: " + json.dumps(obj).encode() + b"\n\n"

        self.chunk(b": scripted server\n\n")
        self.chunk(event({"role": "assistant", "content": ""}))
        for piece in reply.get("text", []):
            self.chunk(event({"content": piece}))
        if reply.get("stream_error"):
            self.chunk(b"data: " + json.dumps({"error": {"message": reply["stream_error"]}}).encode() + b"\n\n")
            return self.end_chunked()
        calls = reply.get("tool_calls", [])
        for index, call in enumerate(calls):
            arguments = call.get("arguments", {})
            text = arguments if isinstance(arguments, str) else json.dumps(arguments)
            self.chunk(event({"tool_calls": [{"index": index, "id": "call_%d_%d" % (NEXT[0], index),
                                              "type": "function",
                                              "function": {"name": call["name"], "arguments": ""}}]}))
            # Arguments in three fragments, as servers stream them.
            third = max(1, len(text) // 3)
            for start in range(0, len(text), third):
                self.chunk(event({"tool_calls": [{"index": index,
                                                  "function": {"arguments": text[start:start + third]}}]}))
        self.chunk(event({}, finish=reply.get("finish_reason", "tool_calls" if calls else "stop")))
        self.chunk(b"data: [DONE]\n\n")
        self.end_chunked()


server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
print(server.server_address[1], flush=True)
server.serve_forever()
