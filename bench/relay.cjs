// A minimal socket.io 4 relay in the shape of excalidraw-room: `join-room`, then every
// `server-broadcast` goes to the others in that room. msgpack parser, WebSocket only, stock settings.
const http = require("http");
const { Server } = require("socket.io");
const parser = require("socket.io-msgpack-parser");

const port = Number(process.argv[2]);
const httpServer = http.createServer((req, res) => {
  res.writeHead(req.url === "/readyz" ? 200 : 404);
  res.end("ok");
});
const io = new Server(httpServer, { parser, transports: ["websocket"], pingInterval: 5000, pingTimeout: 5000 });
io.on("connection", (socket) => {
  socket.on("join-room", (roomId, ack) => {
    socket.join(roomId);
    if (typeof ack === "function") ack(true);
  });
  socket.on("server-broadcast", (roomId, data) => {
    socket.broadcast.to(roomId).emit("client-broadcast", data);
  });
});
httpServer.listen(port, "127.0.0.1");
