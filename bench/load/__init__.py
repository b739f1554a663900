"""Load generator: simulated users through complete interviews over REST and socket.io."""
